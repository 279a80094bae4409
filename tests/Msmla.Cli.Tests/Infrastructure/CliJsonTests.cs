using System.IO;
using Msmla.Cli.Infrastructure;
using Msmla.Models;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class CliJsonTests
    {
        [Fact]
        public void StrictRead_RefusesUnknownModelOptions_NamingThemAndTheirPath()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("model.json");
            File.WriteAllText(path, "{\n  // any case, comments\n  \"Architecture\": \"msmla-18\",\n  \"options\": { \"bands\": 13, \"patchSise\": 48 },\n}");
            var error = Assert.Throws<CliException>(() => ModelSpec.Read(path));
            Assert.Equal(ExitCodes.InputError, error.ExitCode);
            Assert.Contains("patchSise", error.Message);
            Assert.Contains("$.options", error.Message);
            Assert.Contains(path, error.Message);
        }

        [Fact]
        public void ModelSpec_WrittenThenRead_IsTheSame()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            var spec = new ModelSpec(LczArchitecture.Msmla50, new LczModelOptions { Bands = 13, PatchSize = 48, StageWidths = new[] { 16, 32, 48 }, Seed = 4 });
            string path = directory.File("model.json");
            spec.Write(path);
            Assert.Contains("\"architecture\": \"msmla-50\"", File.ReadAllText(path));
            ModelSpec read = ModelSpec.Read(path);
            Assert.Equal(spec.Architecture, read.Architecture);
            Assert.Equal(spec.Options, read.Options);
        }

        [Fact]
        public void ModelSpec_WithoutArchitecture_IsAnInputError()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("model.json");
            File.WriteAllText(path, """{ "options": { "bands": 10 } }""");
            var error = Assert.Throws<CliException>(() => ModelSpec.Read(path));
            Assert.Equal(ExitCodes.InputError, error.ExitCode);
            Assert.Contains("no \"architecture\"", error.Message);
        }

        [Fact]
        public void ModelSpec_FromArguments_RefusesDisagreeingModelAndFile()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("model.json");
            new ModelSpec(LczArchitecture.Sen2LczNet, new LczModelOptions()).Write(path);
            var error = Assert.Throws<CliException>(() => ModelSpec.FromArguments("msmla-18", path));
            Assert.Equal(ExitCodes.Usage, error.ExitCode);
            Assert.Equal(LczArchitecture.Sen2LczNet, ModelSpec.FromArguments("sen2lcz-net", path).Architecture);
        }
    }
}
