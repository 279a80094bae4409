using System;
using System.Globalization;
using System.IO;
using System.Linq;
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
        public async Task MissingOutputOption_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync("predict", "--weights", _model.Weights, "--data", _model.Files.Testing);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--output", result.Error);
        }
    }
}
