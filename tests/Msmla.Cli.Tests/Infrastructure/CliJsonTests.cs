using System.IO;
using Msmla.Cli.Infrastructure;
using Msmla.Models;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class CliJsonTests
    {
        [Fact]
        public void StrictRead_OfTheTrainersOwnJson_GivesTheSameOptions()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            TrainerOptions original = TrainingRecipes.MsmlaAsReleased().Trainer with { Epochs = 7, Seed = 9, GradientClipNorm = 1.5 };
            string path = directory.File("trainer.json");
            original.Save(path);
            TrainerOptions read = CliJson.ReadFile<TrainerOptions>(path, "trainer options");
            Assert.Equal(original.ToJson(), read.ToJson());
        }

        [Fact]
        public void StrictRead_RefusesUnknownProperties_NamingThemAndTheirPath()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("trainer.json");
            File.WriteAllText(path, """{ "Epochs": 3, "Optimizer": { "LearningRat": 0.1 } }""");
            var error = Assert.Throws<CliException>(() => CliJson.ReadFile<TrainerOptions>(path, "trainer options"));
            Assert.Equal(ExitCodes.InputError, error.ExitCode);
            Assert.Contains("LearningRat", error.Message);
            Assert.Contains("$.Optimizer", error.Message);
            Assert.Contains(path, error.Message);
        }

        [Fact]
        public void StrictRead_AllowsCommentsAndAnyCase()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("trainer.json");
            File.WriteAllText(path, "{\n  // a short run\n  \"epochs\": 3,\n  \"batchSize\": 8,\n}");
            TrainerOptions read = CliJson.ReadFile<TrainerOptions>(path, "trainer options");
            Assert.Equal((3, 8), (read.Epochs, read.BatchSize));
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
