using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Runtime;
using Msmla.Data;
using Msmla.Data.So2Sat;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Predict
{
    [Collection(TrainedModelCollection.Name)]
    public class PredictCommandTests
    {
        private readonly TrainedModelFixture _model;

        public PredictCommandTests(TrainedModelFixture model) => _model = model;

        [SkippableFact]
        public async Task Csv_HasOneRowPerPatchInFileOrder_TrueLabelsAsH5pyReadsThem_AndProbabilitiesThatSumToOne()
        {
            string python = PythonPeer.Require("h5py", "numpy");
            string csv = _model.File("predict-order.csv");
            CliResult result = await CliRun.RunAsync("predict", "--weights", _model.Weights, "--data", _model.Files.Testing, "--device", "cpu", "--output", csv, "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            JsonElement json = result.Json();
            Assert.Equal(51, json.GetProperty("patches").GetInt32());
            Assert.Equal(51, json.GetProperty("predictedPerClass").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));

            string[] lines = File.ReadAllLines(csv);
            string[] header = lines[0].Split(',');
            Assert.Equal(new[] { "index", "predicted", "predicted_code", "true", "true_code", "p_1" }, header.Take(6).ToArray());
            Assert.Equal("p_G", header[^1]);
            Assert.Equal(5 + 17, header.Length);
            Assert.Equal(52, lines.Length);

            string truth = PythonPeer.Run(python, """
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], "r") as f:
                    print(" ".join(str(int(i)) for i in np.argmax(np.array(f["label"]), axis=1)))
                """, _model.Files.Testing).Trim();
            int[] expected = truth.Split(' ').Select(int.Parse).ToArray();
            for (int row = 1; row < lines.Length; row++)
            {
                string[] f = lines[row].Split(',');
                Assert.Equal(row - 1, int.Parse(f[0], CultureInfo.InvariantCulture));
                Assert.Equal(expected[row - 1], int.Parse(f[3], CultureInfo.InvariantCulture));
                double[] p = f.Skip(5).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(1.0, p.Sum(), 4);
                int argmax = Array.IndexOf(p, p.Max());
                Assert.Equal(argmax, int.Parse(f[1], CultureInfo.InvariantCulture));
                Assert.Equal(Msmla.Core.Lcz.LczClasses.FromIndex(argmax).Code, f[2]);
            }
        }

        [Fact]
        public async Task TestTimeAugmentation_GivesLczPredictorsProbabilities_WithTta()
        {
            string plain = _model.File("predict-plain.csv"), tta = _model.File("predict-tta.csv");
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", plain, "-q")).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", tta, "--tta", "-q")).ExitCode);

            // The reference: the library's predictor with test-time augmentation on the same file, read in the model's band
            // order (the model was trained without --normalize, so the values are used as stored).
            using LczModel model = LczModels.Load(_model.Weights);
            using Hdf5PatchSource data = So2SatReader.Open(_model.Files.Testing, new So2SatReadOptions { Bands = model.Info.BandOrder.ToArray() });
            using var predictor = new LczPredictor(model, new PredictionOptions { Device = ComputeDevice.Cpu, TestTimeAugmentation = true });
            PredictionResult expected = predictor.Predict(data);

            (int[] labels, float[][] probabilities) = ReadPredictions(tta);
            Assert.Equal(expected.Count, labels.Length);
            for (int i = 0; i < expected.Count; i++)
            {
                float[] reference = expected.ProbabilitiesOf(i).ToArray();
                for (int c = 0; c < reference.Length; c++)
                    Assert.True(Math.Abs(probabilities[i][c] - reference[c]) <= 1e-6, $"patch {i}, class {c}: {probabilities[i][c]} in the CSV, {reference[c]} from LczPredictor with TTA");
                Assert.Equal(expected.Labels[i], labels[i]);
            }
            // And it is not the plain prediction.
            Assert.NotEqual(ReadPredictions(plain).Probabilities.SelectMany(p => p), probabilities.SelectMany(p => p));
        }

        [Fact]
        public async Task Precision_bfloat16_GivesLczPredictorsBFloat16Probabilities_AndUnknownPrecisionsAreRefused()
        {
            string plain = _model.File("predict-f32.csv"), half = _model.File("predict-bf16.csv");
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", plain, "-q")).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", half, "--precision", "bfloat16", "-q")).ExitCode);

            using LczModel model = LczModels.Load(_model.Weights);
            using Hdf5PatchSource data = So2SatReader.Open(_model.Files.Testing, new So2SatReadOptions { Bands = model.Info.BandOrder.ToArray() });
            using var predictor = new LczPredictor(model, new PredictionOptions { Device = ComputeDevice.Cpu, Precision = InferencePrecision.BFloat16 });
            PredictionResult expected = predictor.Predict(data);
            (int[] labels, float[][] probabilities) = ReadPredictions(half);
            Assert.Equal(expected.Count, labels.Length);
            for (int i = 0; i < expected.Count; i++)
            {
                float[] reference = expected.ProbabilitiesOf(i).ToArray();
                for (int c = 0; c < reference.Length; c++)
                    Assert.True(Math.Abs(probabilities[i][c] - reference[c]) <= 1e-6, $"patch {i}, class {c}: {probabilities[i][c]} in the CSV, {reference[c]} from LczPredictor in bfloat16");
            }
            Assert.NotEqual(ReadPredictions(plain).Probabilities.SelectMany(p => p), probabilities.SelectMany(p => p));

            CliResult refused = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", _model.File("predict-half.csv"), "--precision", "half");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("half", refused.Error);
            Assert.False(File.Exists(_model.File("predict-half.csv")));
        }

        [Fact]
        public async Task Cancelling_StopsWith130_AndWritesNoFile()
        {
            string csv = _model.File("predict-cancelled.csv");
            using var cancellation = new CancellationTokenSource();
            // Cancelled when the command reports the model's input pipeline (LczClassifier.Open), before it predicts.
            using var error = new CancellingWriter(cancellation, line => line.Contains(": input ", System.StringComparison.Ordinal));
            CliResult result = await CliRun.RunAsync(error, cancellation.Token, "predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", csv, "--tta");
            Assert.True(error.CancelledAt != null, "the command did not report the model's input on stderr before it worked: " + result);
            Assert.True(result.ExitCode == 130, $"cancelled at \"{error.CancelledAt}\": {result}");
            Assert.False(File.Exists(csv), result.ToString());
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(csv)!, "*predict-cancelled*"));
        }

        [Fact]
        public async Task TwoRunsWritingOneOutput_DoNotCollide()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string csv = directory.File("shared.csv");
            string[] args = { "predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", csv, "-q" };
            CliResult[] results = await Task.WhenAll(Task.Run(() => CliRun.RunAsync(args)), Task.Run(() => CliRun.RunAsync(args)));
            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));

            string alone = directory.File("alone.csv");
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", alone, "-q")).ExitCode);
            Assert.Equal(File.ReadAllText(alone), File.ReadAllText(csv));
            Assert.Equal(new[] { "alone.csv", "shared.csv" }, Directory.GetFiles(directory.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public async Task TextOutput_SummarisesThePredictedClasses()
        {
            string csv = _model.File("predict-text.csv");
            CliResult result = await CliRun.RunAsync("predict", "--weights", _model.Weights, "--data", _model.Files.Testing, "--device", "cpu", "--output", csv);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Predicted 51 patches", result.Out);
            Assert.Contains("normalisation none", result.Out); // the shared model was trained without --normalize: the sidecar says none
            Assert.Contains("Overall accuracy against the file's labels", result.Out);
            Assert.Contains("Wrote " + csv, result.Out);
        }

        /// <summary>The predicted classes and the p_* columns of a prediction CSV.</summary>
        private static (int[] Labels, float[][] Probabilities) ReadPredictions(string csv)
        {
            string[] lines = File.ReadAllLines(csv);
            string[] header = lines[0].Split(',');
            int first = Array.FindIndex(header, h => h.StartsWith("p_", StringComparison.Ordinal));
            int predicted = Array.IndexOf(header, "predicted");
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
            return (rows.Select(f => int.Parse(f[predicted], CultureInfo.InvariantCulture)).ToArray(),
                rows.Select(f => f.Skip(first).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray());
        }

        [Fact]
        public async Task An_output_that_is_an_input_by_any_spelling_or_link_is_refused_and_the_input_is_kept()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string weights = directory.File("model.dat"), data = directory.File("data.h5");
            File.Copy(_model.Weights, weights);
            File.Copy(_model.Weights + ".json", weights + ".json");
            File.Copy(_model.Files.Testing, data);
            Directory.CreateDirectory(directory.File("sub"));
            File.CreateSymbolicLink(directory.File("link.csv"), data);
            var outputs = new System.Collections.Generic.List<(string Output, string Input)>
            {
                (data, "the data file given with --data"),
                (Path.Combine(directory.Path, "sub", "..", "data.h5"), "the data file given with --data"),
                (directory.File("link.csv"), "the data file given with --data"),
                (weights, "the weights file given with --weights"),
                (weights + ".json", "the sidecar of the weights file"),
            };
            if (OperatingSystem.IsLinux())
            {
                using (Process ln = Process.Start("ln", new[] { data, directory.File("hard.csv") })!) ln.WaitForExit();
                outputs.Add((directory.File("hard.csv"), "the data file given with --data"));
            }
            string[] before = new[] { weights, weights + ".json", data }.Select(Sha256).ToArray();
            foreach ((string output, string input) in outputs)
            {
                CliResult result = await CliRun.RunAsync("predict", "-w", weights, "-d", data, "-o", output, "--device", "cpu", "-v");
                Assert.True(result.ExitCode == 2, result.ToString());
                Assert.Contains($"--output {Path.GetFullPath(output)} is {input}", result.Error);
                Assert.Contains("writing it would destroy that input", result.Error);
                Assert.DoesNotContain("Predictor for", result.Error); // refused before the model was even loaded
            }
            Assert.Equal(before, new[] { weights, weights + ".json", data }.Select(Sha256).ToArray());
        }

        [Fact]
        public async Task An_output_that_cannot_be_written_is_refused_before_the_work_and_no_temporary_file_is_left()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string target = directory.File("target");
            Directory.CreateDirectory(target);
            CliResult intoDirectory = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", target, "--device", "cpu", "-v");
            Assert.True(intoDirectory.ExitCode == 2, intoDirectory.ToString());
            Assert.Contains($"--output {target} is a directory", intoDirectory.Error);
            Assert.DoesNotContain("Predictor for", intoDirectory.Error);
            Assert.Empty(Directory.GetFileSystemEntries(target));

            string file = directory.File("file");
            File.WriteAllText(file, "x");
            CliResult underFile = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", Path.Combine(file, "p.csv"), "--device", "cpu");
            Assert.True(underFile.ExitCode == 2, underFile.ToString());
            Assert.Contains($"Cannot create the directory {file}", underFile.Error);

            if (!OperatingSystem.IsWindows())
            {
                string locked = directory.File("locked");
                Directory.CreateDirectory(locked);
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                CliResult readOnly = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", Path.Combine(locked, "p.csv"), "--device", "cpu");
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Assert.True(readOnly.ExitCode == 2, readOnly.ToString());
                Assert.Contains($"The directory {locked} (for --output) is read-only", readOnly.Error);
                Assert.Empty(Directory.GetFileSystemEntries(locked));
            }
            Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp", SearchOption.AllDirectories));
        }

        [SkippableFact]
        public async Task A_full_disk_is_exit_3_and_leaves_no_file()
        {
            using SmallFileSystem disk = SmallFileSystem.Mount(4096);
            string csv = disk.File("predictions.csv");
            CliResult result = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", csv, "--device", "cpu", "-q");
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.Contains("msmla: error: the disk is full: No space left on device", result.Error);
            Assert.Empty(Directory.GetFileSystemEntries(disk.Path)); // neither the CSV nor its temporary file
        }

        [SkippableFact]
        public async Task A_batch_larger_than_the_file_is_one_batch_and_one_too_large_for_memory_is_refused_with_the_numbers()
        {
            string plain = _model.File("predict-batch-default.csv"), whole = _model.File("predict-batch-huge.csv");
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", plain, "-q")).ExitCode);
            CliResult huge = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", whole, "-q", "--batch-size", "2147483647");
            Assert.True(huge.ExitCode == 0, huge.ToString());
            string[] a = File.ReadAllLines(plain), b = File.ReadAllLines(whole);
            Assert.Equal(a.Length, b.Length);
            for (int row = 1; row < a.Length; row++)
            {
                string[] x = a[row].Split(','), y = b[row].Split(',');
                Assert.Equal(x[..5], y[..5]);
                for (int c = 5; c < x.Length; c++)
                    Assert.Equal(double.Parse(x[c], CultureInfo.InvariantCulture), double.Parse(y[c], CultureInfo.InvariantCulture), 5);
            }

            // 30,000 patches of 10 x 16 x 16 float32 in one batch: 307,200,000 bytes, over the 256 MiB (268,435,456 bytes) limit.
            string python = PythonPeer.Require("h5py", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string many = directory.File("many.h5");
            PythonPeer.Run(python, """
                import sys, h5py, numpy as np
                n = 30000
                with h5py.File(sys.argv[1], "w") as f:
                    d = f.create_dataset("sen2", shape=(n, 16, 16, 10), dtype="f4", chunks=(1000, 16, 16, 10), compression="gzip")
                    for i in range(0, n, 1000): d[i:i + 1000] = 0.1
                    f.create_dataset("label", data=np.eye(17)[np.arange(n) % 17], compression="gzip")
                """, many);
            CliResult refused = await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", many, "--device", "cpu", "-o", directory.File("p.csv"), "--batch-size", "1000000");
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("--batch-size 1000000 puts 30,000 patches of 10 x 16 x 16 float32 values (10,240 bytes each) into one batch: an input tensor of 307,200,000 bytes", refused.Error);
            Assert.Contains("more than the 256 MiB allowed", refused.Error);
            Assert.Contains("Use a batch of at most 26,214 patches", refused.Error);
            Assert.False(File.Exists(directory.File("p.csv")));
        }

        private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

        [Theory]
        [InlineData("0")]
        [InlineData("-3")]
        public async Task A_batch_size_below_one_is_a_usage_error_for_every_command(string size)
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string[][] commands =
            {
                new[] { "predict", "-w", _model.Weights, "-d", _model.Files.Testing, "-o", directory.File("p.csv") },
                new[] { "evaluate", "-w", _model.Weights, "-d", _model.Files.Testing },
                new[] { "train", "--model", "msmla-18", "--train", _model.Files.Training, "--output", directory.File("run") },
            };
            foreach (string[] command in commands)
            {
                CliResult result = await CliRun.RunAsync([.. command, "--device", "cpu", "--batch-size", size]);
                Assert.True(result.ExitCode == 1, result.ToString());
                Assert.Contains("--batch-size must be at least 1", result.Error);
            }
            Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
        }

        [Fact]
        public async Task MissingOutputOption_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync("predict", "--weights", _model.Weights, "--data", _model.Files.Testing);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--output", result.Error);
        }
    }
}
