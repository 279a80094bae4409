using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Demo
{
    public class DemoCommandTests
    {
        [Fact]
        public async Task SmallDemo_WritesMetricsAndPlots_AndReportsThem()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            CliResult result = await CliRun.RunAsync("demo", "--output", directory.Path, "--train-patches", "170", "--validation-patches", "34",
                "--test-patches", "68", "--patch-size", "16", "--epochs", "2", "--batch-size", "17", "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            JsonElement json = result.Json();
            JsonElement metrics = json.GetProperty("testMetrics");
            Assert.Equal(68, metrics.GetProperty("samples").GetInt32());
            Assert.Equal(2, json.GetProperty("history").GetArrayLength());
            Assert.Equal(17, metrics.GetProperty("confusionMatrix").GetArrayLength());
            long counted = metrics.GetProperty("confusionMatrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt64()));
            Assert.Equal(68, counted);

            string[] files = json.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray();
            foreach (string name in new[] { "model.dat", "history.csv", "learning-curves.png", "metrics.csv", "metrics-per-class.csv", "confusion-matrix.csv", "confusion-matrix.png", "lcz-map.tif", "lcz-map.quicklook.png" })
                Assert.Contains(Path.Combine(directory.Path, name), files);
            foreach (string file in files) Assert.True(File.Exists(file), file);
            Assert.Equal((1200, 480), PngFile.Read(Path.Combine(directory.Path, "learning-curves.png")));
            Assert.Equal((1000, 900), PngFile.Read(Path.Combine(directory.Path, "confusion-matrix.png")));
            Assert.Equal(new[] { "scene.tif", "testing.h5", "training.h5", "validation.h5" },
                Directory.GetFiles(Path.Combine(directory.Path, "data")).Select(Path.GetFileName).OrderBy(n => n, System.StringComparer.Ordinal));
            using (JsonDocument sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.Path, "model.dat.json"))))
                Assert.Equal("None", sidecar.RootElement.GetProperty("input").GetProperty("normalization").GetProperty("kind").GetString());
            string oa = File.ReadAllLines(Path.Combine(directory.Path, "metrics.csv")).Single(l => l.StartsWith("micro_accuracy,")).Split(',')[1];
            Assert.Equal(metrics.GetProperty("overallAccuracy").GetDouble(), double.Parse(oa, System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task TextOutput_SaysWhereEverythingIs_AndTheRunTrainsInTheAskedPrecision()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            CliResult result = await CliRun.RunAsync("demo", "--output", directory.Path, "--train-patches", "34", "--validation-patches", "17",
                "--test-patches", "17", "--patch-size", "16", "--epochs", "1", "--batch-size", "17", "--precision", "bf16-mixed");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("precision BFloat16Mixed", result.Error);
            Assert.Contains("overall accuracy", result.Out);
            Assert.Contains("chance 5.9 %", result.Out);
            Assert.Contains("Wrote " + Path.Combine(directory.Path, "confusion-matrix.png"), result.Out);
            Assert.Contains("info:", result.Error);
        }

        [Fact]
        public async Task BadSizes_AreUsageErrors()
        {
            CliResult result = await CliRun.RunAsync("demo", "--epochs", "0");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--epochs must be at least 1", result.Error);
        }
    }
}
