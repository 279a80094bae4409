using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;

namespace Msmla.Cli.Tests.Commands.Models
{
    public class ModelsCommandTests
    {
        // Parameter counts published with the seed's code and in /work/shared/docs/models.md (10 bands, 17 classes).
        [Theory]
        [InlineData("msmla-18", 180_747, 181_867)]
        [InlineData("msmla-50", 801_297, 808_913)]
        [InlineData("sen2lcz-net-mf", 791_428, 793_348)]
        [InlineData("rosentreter-cnn", 234_625, 235_105)]
        public async Task Json_ListsThePublishedParameterCounts(string id, long trainable, long kerasTotal)
        {
            CliResult result = await CliRun.RunAsync("models", "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            JsonElement model = result.Json().GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
            Assert.Equal(trainable, model.GetProperty("trainableParameters").GetInt64());
            Assert.Equal(kerasTotal, model.GetProperty("kerasTotalParameters").GetInt64());
            Assert.Equal(10, model.GetProperty("bands").GetInt32());
            Assert.Equal(10, model.GetProperty("bandOrder").GetArrayLength());
            Assert.Equal(17, model.GetProperty("classes").GetInt32());
        }

        [Fact]
        public async Task Json_HasEveryArchitectureWithItsOutputKindAndBandOrder()
        {
            JsonElement models = (await CliRun.RunAsync("models", "--json")).Json().GetProperty("models");
            Assert.Equal(new[] { "msmla-18", "msmla-50", "sen2lcz-net", "sen2lcz-net-mf", "rosentreter-cnn", "lcznet" },
                models.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToArray());
            JsonElement mf = models.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "sen2lcz-net-mf");
            Assert.Equal("Probabilities", mf.GetProperty("outputKind").GetString());
            // LCZNet's released band order puts B8A last (models.md).
            JsonElement lcznet = models.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "lcznet");
            Assert.Equal("B8A", lcznet.GetProperty("bandOrder")[9].GetString());
            Assert.True(lcznet.GetProperty("isReconstruction").GetBoolean());
        }

        [Fact]
        public async Task Text_IsATableOnStdout_WithNothingButLogsOnStderr()
        {
            CliResult result = await CliRun.RunAsync("models");
            Assert.Equal(0, result.ExitCode);
            string[] lines = result.Out.Split('\n');
            Assert.StartsWith("model ", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("msmla-18 ") && l.Contains("180,747") && l.Contains("181,867") && l.Contains("logits"));
            Assert.Contains(lines, l => l.StartsWith("sen2lcz-net-mf ") && l.Contains("probabilities"));
            Assert.DoesNotContain("error", result.Error);
        }

        [Fact]
        public async Task UnknownOption_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync("models", "--bogus");
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.Contains("--bogus", result.Error);
            Assert.Contains("msmla models --help", result.Error);
        }
    }
}
