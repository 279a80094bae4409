using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands
{
    /// <summary>
    /// What <c>evaluate</c> and <c>predict</c> make of unusable data and edited sidecars, through the command line: a file of
    /// no patches, a directory given as data, class names that repeat (refused, exit code 2), and class names that a
    /// spreadsheet would run as formulas (written neutralised, as Python's csv module reads the file).
    /// </summary>
    [Collection(TrainedModelCollection.Name)]
    public class SavedModelRefusalTests
    {
        private readonly TrainedModelFixture _model;

        public SavedModelRefusalTests(TrainedModelFixture model) => _model = model;

        [SkippableFact]
        public async Task A_file_of_no_patches_is_an_input_error_for_predict_and_evaluate()
        {
            string python = PythonPeer.Require("h5py", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string empty = directory.File("empty.h5");
            PythonPeer.Run(python, """
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], "w") as f:
                    f.create_dataset("sen2", shape=(0, 16, 16, 10), dtype="f8")
                    f.create_dataset("label", shape=(0, 17), dtype="f8")
                """, empty);
            foreach (string[] command in new[] { new[] { "predict", "-o", directory.File("p.csv") }, new[] { "evaluate" } })
            {
                CliResult result = await CliRun.RunAsync([.. command, "-w", _model.Weights, "-d", empty, "--device", "cpu"]);
                Assert.True(result.ExitCode == 2, result.ToString());
                Assert.Contains($"{empty} holds no patches (its datasets have 0 rows)", result.Error);
            }
            Assert.False(File.Exists(directory.File("p.csv")));
        }

        [Fact]
        public async Task A_directory_given_as_data_is_called_a_directory()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            foreach (string[] command in new[] { new[] { "predict", "-o", directory.File("p.csv") }, new[] { "evaluate" } })
            {
                CliResult result = await CliRun.RunAsync([.. command, "-w", _model.Weights, "-d", directory.Path, "--device", "cpu"]);
                Assert.True(result.ExitCode == 2, result.ToString());
                Assert.Contains($"{directory.Path}: it is a directory, not a patch file", result.Error);
            }
        }

        [Fact]
        public async Task A_sidecar_whose_class_names_repeat_is_refused()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string weights = CopyModel(directory, classes => classes[1] = "1");
            CliResult result = await CliRun.RunAsync("predict", "-w", weights, "-d", _model.Files.Testing, "-o", directory.File("p.csv"), "--device", "cpu");
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(weights + ".json", result.Error);
            Assert.Contains("the sidecar's class names are empty or repeat (1, 1, 3,", result.Error);
            Assert.False(File.Exists(directory.File("p.csv")));
        }

        [SkippableFact]
        public async Task Class_names_that_a_spreadsheet_would_run_are_written_with_a_leading_apostrophe()
        {
            string python = PythonPeer.Require("numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string[] formulas = { "=1+1", "+SUM(A1)", "-2", "@cmd", "=HYPERLINK(\"http://x\",\"y\")" };
            string weights = CopyModel(directory, classes =>
            {
                for (int i = 0; i < formulas.Length; i++) classes[i] = formulas[i];
            });
            string csv = directory.File("p.csv");
            CliResult result = await CliRun.RunAsync("predict", "-w", weights, "-d", _model.Files.Testing, "-o", csv, "--device", "cpu", "-q");
            Assert.True(result.ExitCode == 0, result.ToString());

            // Python's csv module reads every predicted_code and true_code field; none may begin with a formula character.
            string read = PythonPeer.Run(python, """
                import sys, csv
                rows = list(csv.DictReader(open(sys.argv[1], newline="")))
                codes = {r[k] for r in rows for k in ("predicted_code", "true_code")}
                print(len(rows))
                print("\n".join(sorted(codes)))
                """, csv);
            string[] lines = read.Split('\n', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries);
            Assert.Equal("51", lines[0]);
            string[] codes = lines[1..];
            Assert.DoesNotContain(codes, c => c[0] is '=' or '+' or '-' or '@');
            Assert.Contains(codes, c => formulas.Select(f => "'" + f).Contains(c)); // the file's labels reach at least one of the first five classes
        }

        /// <summary>Copies the trained model into <paramref name="directory"/> with its sidecar's class names edited.</summary>
        private string CopyModel(TemporaryDirectory directory, System.Action<string[]> edit)
        {
            string weights = directory.File("model.dat");
            File.Copy(_model.Weights, weights);
            JsonNode sidecar = JsonNode.Parse(File.ReadAllText(_model.Weights + ".json"))!;
            string[] classes = sidecar["classes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
            edit(classes);
            sidecar["classes"] = new JsonArray(classes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
            File.WriteAllText(weights + ".json", sidecar.ToJsonString());
            return weights;
        }
    }
}
