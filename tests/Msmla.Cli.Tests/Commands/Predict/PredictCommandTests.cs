using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
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
        public async Task TestTimeAugmentation_ChangesTheProbabilities_NotTheShape()
        {
            string plain = _model.File("predict-plain.csv"), tta = _model.File("predict-tta.csv");
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", plain, "-q")).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync("predict", "-w", _model.Weights, "-d", _model.Files.Testing, "--device", "cpu", "-o", tta, "--tta", "-q")).ExitCode);
            string[] a = File.ReadAllLines(plain), b = File.ReadAllLines(tta);
            Assert.Equal(a.Length, b.Length);
            Assert.Equal(a[0], b[0]);
            Assert.NotEqual(a.Skip(1), b.Skip(1));
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

        [Fact]
        public async Task MissingOutputOption_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync("predict", "--weights", _model.Weights, "--data", _model.Files.Testing);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--output", result.Error);
        }
    }
}
