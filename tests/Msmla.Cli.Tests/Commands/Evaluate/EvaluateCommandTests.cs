using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Evaluate
{
    [Collection(TrainedModelCollection.Name)]
    public class EvaluateCommandTests
    {
        private readonly TrainedModelFixture _model;

        public EvaluateCommandTests(TrainedModelFixture model) => _model = model;

        [SkippableFact]
        public async Task Metrics_MatchScikitLearn_OnThePredictionsOfTheSameModel()
        {
            string python = PythonPeer.Require("sklearn", "numpy");
            string csv = _model.File("evaluate-predictions.csv");
            CliResult predict = await CliRun.RunAsync("predict", "--weights", _model.Weights, "--data", _model.Files.Testing, "--device", "cpu", "--output", csv, "--quiet");
            Assert.True(predict.ExitCode == 0, predict.ToString());
            CliResult result = await CliRun.RunAsync("evaluate", "--weights", _model.Weights, "--data", _model.Files.Testing, "--device", "cpu", "--json", "--quiet");
            Assert.True(result.ExitCode == 0, result.ToString());
            JsonElement metrics = result.Json().GetProperty("metrics");

            string script = """
                import sys, csv
                from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score, balanced_accuracy_score
                rows = list(csv.DictReader(open(sys.argv[1], newline="")))
                t = [int(r["true"]) for r in rows]; p = [int(r["predicted"]) for r in rows]
                print(len(rows), repr(accuracy_score(t, p)), repr(cohen_kappa_score(t, p)), repr(f1_score(t, p, average="macro")),
                      repr(f1_score(t, p, average="weighted")), repr(balanced_accuracy_score(t, p)))
                """;
            string[] peer = PythonPeer.Run(python, script, csv).Trim().Split(' ');
            Assert.Equal(int.Parse(peer[0], CultureInfo.InvariantCulture), metrics.GetProperty("samples").GetInt32());
            Assert.Equal(double.Parse(peer[1], CultureInfo.InvariantCulture), metrics.GetProperty("overallAccuracy").GetDouble(), 12);
            Assert.Equal(double.Parse(peer[2], CultureInfo.InvariantCulture), metrics.GetProperty("kappa").GetDouble(), 12);
            Assert.Equal(double.Parse(peer[3], CultureInfo.InvariantCulture), metrics.GetProperty("macroF1").GetDouble(), 12);
            Assert.Equal(double.Parse(peer[4], CultureInfo.InvariantCulture), metrics.GetProperty("weightedF1").GetDouble(), 12);
            Assert.Equal(double.Parse(peer[5], CultureInfo.InvariantCulture), metrics.GetProperty("averageAccuracy").GetDouble(), 12);
            Assert.Equal(17, metrics.GetProperty("perClass").GetArrayLength());
            Assert.True(metrics.GetProperty("weightedAccuracy").GetDouble() >= metrics.GetProperty("overallAccuracy").GetDouble());
        }

        [Fact]
        public async Task Cancelling_StopsWith130_AndWritesNoFile()
        {
            string directory = _model.File("evaluate-cancelled");
            using var cancellation = new CancellationTokenSource();
            // Cancelled when the command reports the model's input pipeline (LczClassifier.Open), before it predicts.
            using var error = new CancellingWriter(cancellation, line => line.Contains(": input ", System.StringComparison.Ordinal));
            CliResult result = await CliRun.RunAsync(error, cancellation.Token, "evaluate", "--weights", _model.Weights, "--data", _model.Files.Testing,
                "--device", "cpu", "--output", directory, "--tta");
            Assert.True(error.CancelledAt != null, "the command did not report the model's input on stderr before it worked: " + result);
            Assert.True(result.ExitCode == 130, $"cancelled at \"{error.CancelledAt}\": {result}");
            Assert.True(!Directory.Exists(directory) || Directory.GetFileSystemEntries(directory).Length == 0,
                $"{directory} holds {string.Join(", ", Directory.Exists(directory) ? Directory.GetFileSystemEntries(directory) : System.Array.Empty<string>())}");
        }

        [Fact]
        public async Task Output_WritesTheMetricsCsvsAndTheConfusionMatrixPng()
        {
            string directory = _model.File("evaluate-output");
            CliResult result = await CliRun.RunAsync("evaluate", "--weights", _model.Weights, "--data", _model.Files.Testing, "--device", "cpu", "--output", directory, "--tta");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Overall accuracy (OA)", result.Out);
            Assert.Contains("test-time augmentation", result.Out);
            Assert.Equal((1000, 900), PngFile.Read(Path.Combine(directory, "confusion-matrix.png")));
            string[] matrix = File.ReadAllLines(Path.Combine(directory, "confusion-matrix.csv"));
            Assert.Equal(18, matrix.Length); // header + 17 classes
            long total = matrix.Skip(1).Sum(line => line.Split(',').Skip(1).Sum(long.Parse));
            Assert.Equal(51, total);
            Assert.Contains(File.ReadAllLines(Path.Combine(directory, "metrics.csv")), l => l.StartsWith("micro_accuracy,"));
            Assert.Equal(18, File.ReadAllLines(Path.Combine(directory, "metrics-per-class.csv")).Length);
        }

        [Fact]
        public async Task An_output_directory_that_would_overwrite_an_input_or_is_a_file_is_refused()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string data = directory.File("metrics.csv"); // the data file happens to bear the name of one of the outputs
            File.Copy(_model.Files.Testing, data);
            byte[] before = File.ReadAllBytes(data);
            CliResult same = await CliRun.RunAsync("evaluate", "-w", _model.Weights, "-d", data, "-o", directory.Path, "--device", "cpu");
            Assert.True(same.ExitCode == 2, same.ToString());
            Assert.Contains($"--output {directory.Path} holds metrics.csv, which is the data file given with --data", same.Error);
            Assert.Equal(before, File.ReadAllBytes(data));

            CliResult file = await CliRun.RunAsync("evaluate", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", data, "--device", "cpu");
            Assert.True(file.ExitCode == 2, file.ToString());
            Assert.Contains($"--output {data} is a file, not a directory", file.Error);
            Assert.Equal(new[] { data }, Directory.GetFileSystemEntries(directory.Path));
        }

        [SkippableFact]
        public async Task Metrics_on_a_full_disk_are_exit_3_and_leave_no_partial_file()
        {
            using SmallFileSystem disk = SmallFileSystem.Mount(64 << 10);
            disk.Fill();
            string metrics = disk.File("metrics");
            CliResult result = await CliRun.RunAsync("evaluate", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", metrics, "--device", "cpu", "-q");
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.Contains("msmla: error: the disk is full: No space left on device", result.Error);
            // Before: metrics.csv was left empty under its final name.
            Assert.Empty(Directory.GetFileSystemEntries(metrics));
        }

        [Fact]
        public async Task BandsThatDoNotFitTheModel_AreAnInputError_NamingBothSides()
        {
            CliResult result = await CliRun.RunAsync("evaluate", "--weights", _model.Weights, "--data", _model.Files.Testing, "--bands", "B2,B3,B4");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("MSMLA-18 takes 10 channels (B2,B3,B4,B5,B6,B7,B8,B8A,B11,B12) but 3 bands were given (B2,B3,B4)", result.Error);
            Assert.DoesNotContain("warn", result.Error);
            Assert.Equal("", result.Out);
        }

        [Fact]
        public async Task UnknownBand_IsAnInputError()
        {
            CliResult result = await CliRun.RunAsync("evaluate", "--weights", _model.Weights, "--data", _model.Files.Testing, "--bands", "B2,B3,B99,B4,B5,B6,B7,B8,B11,B12");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("B99", result.Error);
        }

        [Fact]
        public async Task MissingFiles_AreInputErrors()
        {
            CliResult weights = await CliRun.RunAsync("evaluate", "--weights", _model.File("none.dat"), "--data", _model.Files.Testing);
            Assert.Equal(2, weights.ExitCode);
            Assert.Contains("none.dat", weights.Error);
            CliResult data = await CliRun.RunAsync("evaluate", "--weights", _model.Weights, "--data", _model.File("none.h5"));
            Assert.Equal(2, data.ExitCode);
            Assert.Contains("none.h5: the file does not exist", data.Error);
        }

        [Fact]
        public async Task WeightsWithoutTheirSidecar_AreAnInputError()
        {
            string copy = _model.File("orphan.dat");
            File.Copy(_model.Weights, copy, overwrite: true);
            CliResult result = await CliRun.RunAsync("evaluate", "--weights", copy, "--data", _model.Files.Testing);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("orphan.dat", result.Error);
        }

        [Fact]
        public async Task Verbose_PrintsTheStackTraceOfAnError()
        {
            CliResult result = await CliRun.RunAsync("evaluate", "--weights", _model.Weights, "--data", _model.Files.Testing, "--bands", "B2,B3,B99,B4,B5,B6,B7,B8,B11,B12", "--verbose");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("   at ", result.Error);
        }
    }
}
