using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Data.Synthetic;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Train
{
    /// <summary>
    /// <c>msmla train -o</c> never replaces an earlier run unasked: a directory holding one is refused unless <c>--overwrite</c>
    /// (which removes that run's files first) or <c>--resume</c> from that run's own checkpoints; no file a run writes may be
    /// one of its inputs.
    /// </summary>
    public class RunDirectoryTests
    {
        [Fact]
        public async Task An_earlier_run_is_refused_without_overwrite_and_replaced_with_it()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string run = directory.File("run");
            string[] common = { "train", "--train", data.Training, "--validation", data.Validation, "--epochs", "1", "--batch-size", "17", "--device", "cpu", "--output", run, "-q" };
            Assert.Equal(0, (await CliRun.RunAsync([.. common, "--model", "msmla-18"])).ExitCode);
            string[] kept = { "model.dat", "run.json", "history.json", "checkpoints/last.ckpt", "checkpoints/best.ckpt" };
            string[] before = kept.Select(f => Sha256(Path.Combine(run, f))).ToArray();

            CliResult refused = await CliRun.RunAsync([.. common, "--model", "rosentreter-cnn"]);
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains($"--output {run} holds an earlier run (model.dat, checkpoints/last.ckpt, checkpoints/best.ckpt): a new run would replace its model, checkpoints and history", refused.Error);
            Assert.Contains($"--resume {Path.Combine(run, "checkpoints")}", refused.Error);
            Assert.Contains("--overwrite", refused.Error);
            Assert.Equal(before, kept.Select(f => Sha256(Path.Combine(run, f))).ToArray());

            // With --overwrite the earlier run's files go, also the ones the new run would not write; other files stay.
            string stale = Path.Combine(run, "checkpoints", "epoch-0007.ckpt");
            File.Copy(Path.Combine(run, "checkpoints", "last.ckpt"), stale);
            File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
            CliResult replaced = await CliRun.RunAsync([.. common, "--model", "rosentreter-cnn", "--overwrite"]);
            Assert.True(replaced.ExitCode == 0, replaced.ToString());
            Assert.False(File.Exists(stale));
            Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "notes.txt")));
            foreach (string sidecar in new[] { "model.dat.json", "checkpoints/best-model.dat.json" })
            {
                using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, sidecar)));
                Assert.Equal("RosentreterCnn", json.RootElement.GetProperty("architecture").GetString());
            }
        }

        [Fact]
        public async Task Resume_continues_only_the_run_whose_checkpoints_are_in_the_output()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string first = directory.File("first"), second = directory.File("second");
            foreach (string run in new[] { first, second })
                Assert.Equal(0, (await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--epochs", "1",
                    "--batch-size", "17", "--device", "cpu", "--output", run, "-q")).ExitCode);
            string secondModel = Sha256(Path.Combine(second, "model.dat"));
            Task<CliResult> Resume(string from, string output, params string[] more) =>
                CliRun.RunAsync(["train", "--resume", from, "--train", data.Training, "--validation", data.Validation, "--epochs", "2", "--device", "cpu", "-q", "--output", output, .. more]);

            CliResult other = await Resume(Path.Combine(first, "checkpoints"), second);
            Assert.True(other.ExitCode == 2, other.ToString());
            Assert.Contains($"--output {second} holds another run (model.dat, checkpoints/last.ckpt, checkpoints/best.ckpt) than the one resumed from {Path.Combine(first, "checkpoints")}", other.Error);
            Assert.Equal(secondModel, Sha256(Path.Combine(second, "model.dat")));

            CliResult both = await Resume(Path.Combine(first, "checkpoints"), second, "--overwrite");
            Assert.True(both.ExitCode == 1, both.ToString());
            Assert.Contains("give one of them", both.Error);

            CliResult own = await Resume(Path.Combine(first, "checkpoints"), first);
            Assert.True(own.ExitCode == 0, own.ToString());
            CliResult elsewhere = await Resume(Path.Combine(first, "checkpoints", "best.ckpt"), directory.File("third"));
            Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
        }

        [Fact]
        public async Task A_run_that_stopped_before_its_first_checkpoint_does_not_block_the_corrected_retry()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string first = directory.File("first"), retry = directory.File("retry");
            Assert.Equal(0, (await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--epochs", "1",
                "--batch-size", "17", "--device", "cpu", "--output", first, "-q")).ExitCode);
            Task<CliResult> Resume(string train) =>
                CliRun.RunAsync("train", "--resume", Path.Combine(first, "checkpoints"), "--train", train, "--validation", data.Validation, "--epochs", "2",
                    "--device", "cpu", "-q", "--output", retry);

            // The wrong training file: refused by the trainer after run.json and the options files were written.
            CliResult wrong = await Resume(data.Testing);
            Assert.True(wrong.ExitCode == 2, wrong.ToString());
            Assert.Contains("Cannot resume from", wrong.Error);
            Assert.True(File.Exists(Path.Combine(retry, "run.json")));
            // Before: refused as "holds another run (run.json)", although that attempt left nothing to lose.
            CliResult corrected = await Resume(data.Training);
            Assert.True(corrected.ExitCode == 0, corrected.ToString());
            Assert.Equal(2, Msmla.Models.Training.TrainingHistory.ReadJson(Path.Combine(retry, "history.json")).Epochs.Count);
        }

        [Fact]
        public async Task A_file_the_run_writes_that_is_one_of_its_inputs_is_refused_even_with_overwrite()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string run = directory.File("run");
            Assert.Equal(0, (await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--epochs", "1",
                "--batch-size", "17", "--device", "cpu", "--output", run, "-q")).ExitCode);
            string modelOptions = Path.Combine(run, "model-options.json"), trainerOptions = Path.Combine(run, "trainer-options.json");
            string[] before = { File.ReadAllText(modelOptions), File.ReadAllText(trainerOptions) };

            // Repeating a run from its own option files into its own directory would remove them before reading them.
            CliResult repeat = await CliRun.RunAsync("train", "--options", modelOptions, "--trainer-options", trainerOptions, "--train", data.Training,
                "--validation", data.Validation, "--device", "cpu", "--output", run, "--overwrite");
            Assert.True(repeat.ExitCode == 2, repeat.ToString());
            Assert.Contains($"--output {run} holds model-options.json, which is the model options file given with --options", repeat.Error);
            Assert.Equal(before, new[] { File.ReadAllText(modelOptions), File.ReadAllText(trainerOptions) });

            CliResult intoFile = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--output", data.Testing);
            Assert.True(intoFile.ExitCode == 2, intoFile.ToString());
            Assert.Contains($"--output {data.Testing} is a file, not a directory", intoFile.Error);
        }

        private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
    }
}
