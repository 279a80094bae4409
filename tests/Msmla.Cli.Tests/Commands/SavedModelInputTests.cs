using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Preprocessing;
using Msmla.Data.Classification;
using Msmla.Data.Synthetic;
using Msmla.Models.Inference;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands
{
    /// <summary>
    /// A model trained by <c>msmla train</c> carries its input pipeline: <c>evaluate</c> and <c>predict</c> read data as it
    /// was trained (bands in the trained order, its normalisation), and the library's <see cref="LczClassifier"/> gives the
    /// same probabilities as the command.
    /// </summary>
    public class SavedModelInputTests
    {
        private static readonly string[] s_reversed = { "B12", "B11", "B8A", "B8", "B7", "B6", "B5", "B4", "B3", "B2" };

        [Fact]
        public async Task A_model_trained_on_reversed_bands_with_normalisation_is_read_as_trained_and_the_library_call_equals_predict()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 102, validation: 34, testing: 51);
            string run = directory.File("run");
            CliResult train = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation,
                "--bands", string.Join(",", s_reversed), "--normalize", "so2sat-stats", "--epochs", "3", "--batch-size", "17", "--seed", "3",
                "--device", "cpu", "--output", run, "--quiet");
            Assert.True(train.ExitCode == 0, train.ToString());
            string weights = Path.Combine(run, "model.dat");

            // The sidecar records the trained band order and the normalisation with its numbers (B12's statistics first).
            using (JsonDocument sidecar = JsonDocument.Parse(File.ReadAllText(weights + ".json")))
            {
                JsonElement input = sidecar.RootElement.GetProperty("input");
                Assert.Equal(s_reversed, input.GetProperty("bands").EnumerateArray().Select(b => b.GetString()));
                JsonElement normalization = input.GetProperty("normalization");
                Assert.Equal("So2SatStatistics", normalization.GetProperty("kind").GetString());
                Assert.Equal(0.10905, normalization.GetProperty("mean")[0].GetDouble());
                Assert.Equal(0.08781, normalization.GetProperty("std")[0].GetDouble());
                Assert.Equal(16, input.GetProperty("patchSize").GetInt32());
            }

            // Evaluate without --bands/--normalize reads the file as the model was trained: the same metrics as with them.
            CliResult implicitEvaluation = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--json", "--quiet");
            CliResult explicitEvaluation = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--json", "--quiet",
                "--bands", string.Join(",", s_reversed), "--normalize", "so2sat-stats");
            // The So2Sat file order is what the previous sidecar led evaluate to read: another (wrong) input, with a warning.
            CliResult fileOrder = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--json", "--quiet",
                "--bands", "B2,B3,B4,B5,B6,B7,B8,B8A,B11,B12");
            foreach (CliResult result in new[] { implicitEvaluation, explicitEvaluation, fileOrder }) Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(explicitEvaluation.Json().GetProperty("metrics").GetRawText(), implicitEvaluation.Json().GetProperty("metrics").GetRawText());
            Assert.DoesNotContain("warn", implicitEvaluation.Error);
            Assert.NotEqual(implicitEvaluation.Json().GetProperty("metrics").GetRawText(), fileOrder.Json().GetProperty("metrics").GetRawText());
            Assert.Contains("warn: Reading the bands B2,B3,B4,B5,B6,B7,B8,B8A,B11,B12 instead of B12,B11", fileOrder.Error);
            Assert.Equal(s_reversed, implicitEvaluation.Json().GetProperty("input").GetProperty("bands").EnumerateArray().Select(b => b.GetString()));

            // predict, and the README's library call on the same files: bit-identical probabilities.
            string csv = directory.File("predictions.csv");
            CliResult predict = await CliRun.RunAsync("predict", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--output", csv, "--quiet");
            Assert.True(predict.ExitCode == 0, predict.ToString());
            PredictionResult library;
            using (LczClassifier classifier = LczClassifier.Open(weights, new LczClassifierOptions { Prediction = new PredictionOptions { Device = Core.Runtime.ComputeDevice.Cpu } }))
                library = classifier.PredictFile(data.Testing);
            string[] lines = File.ReadAllLines(csv);
            string[] header = lines[0].Split(',');
            int first = Array.IndexOf(header, "p_1");
            Assert.Equal(library.Count, lines.Length - 1);
            for (int i = 0; i < library.Count; i++)
            {
                string[] fields = lines[i + 1].Split(',');
                float[] written = fields[first..].Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(library.ProbabilitiesOf(i).ToArray(), written);
                Assert.Equal(library.Labels[i], int.Parse(fields[1], CultureInfo.InvariantCulture));
            }
        }

        [Fact]
        public async Task Data_that_contradict_the_model_are_refused_with_what_differs()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string run = directory.File("run");
            CliResult train = await CliRun.RunAsync("train", "--model", "rosentreter-cnn", "--train", data.Training, "--epochs", "1", "--batch-size", "17",
                "--trainer-options", WriteTrainingMonitorOptions(directory), "--device", "cpu", "--output", run, "--quiet");
            Assert.True(train.ExitCode == 0, train.ToString());
            string weights = Path.Combine(run, "model.dat");

            CliResult both = await CliRun.RunAsync("predict", "--weights", weights, "--data", data.Testing, "--modality", "both", "--output", directory.File("p.csv"));
            Assert.Equal(2, both.ExitCode);
            Assert.Contains("asked for as Both", both.Error);
            Assert.Contains("10 bands from Sentinel2", both.Error);

            CliResult nine = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--bands", "B2,B3,B4,B5,B6,B7,B8,B8A,B11");
            Assert.Equal(2, nine.ExitCode);
            Assert.Contains("10 channels", nine.Error);

            string bigger = directory.File("bigger.h5");
            SyntheticLczSample.WriteSo2Sat(bigger, SyntheticData.Options with { PatchSize = 32 }, 17, 0);
            CliResult size = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", bigger);
            Assert.Equal(2, size.ExitCode);
            Assert.Contains("trained on 16 x 16 patches but the data have 32 x 32", size.Error);
            Assert.False(File.Exists(directory.File("p.csv")));
        }

        private static string WriteTrainingMonitorOptions(TemporaryDirectory directory)
        {
            string path = directory.File("trainer.json");
            File.WriteAllText(path, """{ "Checkpoint": { "BestMonitor": "TrainingLoss" } }""");
            return path;
        }
    }
}
