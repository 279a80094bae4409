using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Data.Classification;
using Msmla.Data.Synthetic;
using Msmla.Models.Inference;
using Msmla.Models.Pretrained;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Predict
{
    /// <summary>
    /// <c>--model sen2lcz-net-mf</c> names the pretrained model that ships with msmla: predict and evaluate need no file
    /// and give what <see cref="LczPretrained.Sen2LczNetMf"/> gives in process (itself tested against a NumPy Keras
    /// reference in Msmla.Models.Pretrained.Tests).
    /// </summary>
    public class PredictPretrainedTests
    {
        [SkippableFact]
        public async Task Predict_and_evaluate_with_the_pretrained_model_need_no_file()
        {
            TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");   // this build embeds it when it is there
            using var directory = TestPaths.CreateTemporaryDirectory();
            string data = directory.File("testing.h5"), csv = directory.File("predictions.csv");
            SyntheticLczSample.WriteSo2Sat(data, new SyntheticLczOptions { Seed = 5, PatchSize = 32 }, 30, 0);

            CliResult predict = await CliRun.RunAsync("predict", "--model", "sen2lcz-net-mf", "--data", data, "--device", "cpu", "--output", csv, "--json");
            Assert.True(predict.ExitCode == 0, predict.ToString());
            JsonElement json = predict.Json();
            Assert.Equal("sen2lcz-net-mf", json.GetProperty("weights").GetString());
            Assert.Equal("sen2lcz-net-mf", json.GetProperty("model").GetString());
            Assert.Equal(30, json.GetProperty("patches").GetInt32());

            using LczClassifier classifier = LczPretrained.Sen2LczNetMf(new LczClassifierOptions { Prediction = new PredictionOptions { Device = Msmla.Core.Runtime.ComputeDevice.Cpu } });
            PredictionResult expected = classifier.PredictFile(data);
            string[] rows = File.ReadAllLines(csv).Skip(1).ToArray();
            Assert.Equal(30, rows.Length);
            for (int n = 0; n < rows.Length; n++)
            {
                string[] fields = rows[n].Split(',');
                Assert.Equal(expected.Labels[n], int.Parse(fields[1], CultureInfo.InvariantCulture));
                double[] probabilities = fields[^17..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                float[] reference = expected.ProbabilitiesOf(n).ToArray();
                for (int c = 0; c < 17; c++) Assert.Equal(reference[c], probabilities[c], 6);
            }

            CliResult evaluate = await CliRun.RunAsync("evaluate", "--model", "sen2lcz-net-mf", "--data", data, "--device", "cpu", "--json");
            Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
            Assert.Equal("sen2lcz-net-mf", evaluate.Json().GetProperty("weights").GetString());
        }

        [Fact]
        public async Task A_name_that_is_neither_a_file_nor_a_pretrained_model_is_an_input_error_naming_both()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            CliResult result = await CliRun.RunAsync("predict", "--model", "sen2lcz-net", "--data", directory.File("none.h5"), "--output", directory.File("p.csv"));
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("sen2lcz-net", result.Error, StringComparison.Ordinal);
            Assert.Contains("pretrained", result.Error, StringComparison.Ordinal);
        }
    }
}
