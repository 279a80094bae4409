using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Data.Synthetic;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Train
{
    /// <summary>
    /// How <c>msmla train</c> fails and what it leaves: a diverging run names the command line's remedies (<c>--clip-norm</c>),
    /// a batch larger than the data is one batch, a batch too large for memory is refused with the numbers, and a full disk
    /// is exit code 3 with a run that resumes from its last complete epoch.
    /// </summary>
    [Collection(TrainedModelCollection.Name)]
    public class TrainFailureTests
    {
        private readonly TrainedModelFixture _trained;

        public TrainFailureTests(TrainedModelFixture trained) => _trained = trained;

        [Fact]
        public async Task A_diverging_run_names_the_command_lines_remedies_not_the_librarys()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string options = directory.File("trainer.json");
            File.WriteAllText(options, """{ "Optimizer": { "Kind": "Sgd", "LearningRate": 1e30 }, "Checkpoint": { "BestMonitor": "TrainingLoss" }, "ProgressEveryBatches": 1 }""");
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--trainer-options", options, "--epochs", "2",
                "--batch-size", "17", "--device", "cpu", "--output", directory.File("run"));
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.Contains("msmla: error: Training diverged: the mean training loss of epoch 1 is NaN", result.Error);
            Assert.Contains("--clip-norm <max norm>", result.Error);
            Assert.Contains("--overwrite", result.Error);
            Assert.DoesNotContain("TrainerOptions.", result.Error);
        }

        [Fact]
        public async Task Clip_norm_is_applied_and_recorded_and_a_resumed_run_keeps_it()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string plain = directory.File("plain"), clipped = directory.File("clipped");
            string[] common = { "train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--epochs", "1", "--batch-size", "17",
                "--seed", "4", "--device", "cpu", "-q" };
            Assert.Equal(0, (await CliRun.RunAsync([.. common, "--output", plain])).ExitCode);
            CliResult result = await CliRun.RunAsync([.. common, "--output", clipped, "--clip-norm", "0.001"]);
            Assert.True(result.ExitCode == 0, result.ToString());

            using (JsonDocument written = JsonDocument.Parse(File.ReadAllText(Path.Combine(clipped, "trainer-options.json"))))
                Assert.Equal(0.001, written.RootElement.GetProperty("GradientClipNorm").GetDouble());
            using (JsonDocument written = JsonDocument.Parse(File.ReadAllText(Path.Combine(plain, "trainer-options.json"))))
                Assert.Equal(JsonValueKind.Null, written.RootElement.GetProperty("GradientClipNorm").ValueKind);
            // The same seed and data: only the clipping differs, and it changes the second batch's loss onwards.
            Assert.NotEqual(TrainingHistory.ReadJson(Path.Combine(plain, "history.json")).Epochs[0].TrainingLoss,
                TrainingHistory.ReadJson(Path.Combine(clipped, "history.json")).Epochs[0].TrainingLoss);

            CliResult changed = await CliRun.RunAsync("train", "--resume", Path.Combine(clipped, "checkpoints"), "--train", data.Training, "--validation", data.Validation,
                "--epochs", "2", "--clip-norm", "2", "--output", clipped);
            Assert.True(changed.ExitCode == 1, changed.ToString());
            Assert.Contains("--clip-norm 2 differs from the checkpoint's gradient clipping (0.001)", changed.Error);
            foreach (string bad in new[] { "0", "-1", "NaN" })
                Assert.Equal(1, (await CliRun.RunAsync([.. common, "--output", directory.File("bad"), "--clip-norm", bad])).ExitCode);
        }

        [SkippableFact]
        public async Task A_batch_larger_than_the_data_is_one_batch_and_one_too_large_for_memory_is_refused_with_the_numbers()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string[] common = { "train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--epochs", "2", "--seed", "2", "--device", "cpu" };
            string exact = directory.File("exact"), huge = directory.File("huge");
            Assert.Equal(0, (await CliRun.RunAsync([.. common, "--batch-size", "34", "--output", exact, "-q"])).ExitCode);
            CliResult result = await CliRun.RunAsync([.. common, "--batch-size", "1000000", "--output", huge]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("The batch size 1000000 is more than the 34 training patches: each epoch is one batch of 34", result.Error);
            // One batch of all 34 patches either way (each batch is read in ascending order): the same run.
            Assert.Equal(Losses(exact), Losses(huge));

            // 30,000 patches of 10 x 16 x 16 float32: 307,200,000 bytes in one batch, over the 256 MiB limit.
            string python = PythonPeer.Require("h5py", "numpy");
            string many = directory.File("many.h5");
            PythonPeer.Run(python, """
                import sys, h5py, numpy as np
                n = 30000
                with h5py.File(sys.argv[1], "w") as f:
                    d = f.create_dataset("sen2", shape=(n, 16, 16, 10), dtype="f4", chunks=(1000, 16, 16, 10), compression="gzip")
                    for i in range(0, n, 1000): d[i:i + 1000] = 0.1
                    f.create_dataset("label", data=np.eye(17)[np.arange(n) % 17], compression="gzip")
                """, many);
            CliResult refused = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", many, "--validation", data.Validation, "--batch-size", "1000000",
                "--device", "cpu", "--output", directory.File("many-run"));
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("--batch-size 1000000 puts 30,000 patches of 10 x 16 x 16 float32 values (10,240 bytes each) into one batch: an input tensor of 307,200,000 bytes", refused.Error);
            Assert.Contains("Use a batch of at most 26,214 patches", refused.Error);
        }

        [SkippableFact]
        public async Task A_full_disk_is_exit_3_and_the_run_resumes_from_its_last_complete_epoch()
        {
            // The shared model's run wrote the same files this run writes: a tmpfs of one and a half checkpoints holds the
            // options files and last.ckpt, then fills up while best.ckpt is written (before the fix best.ckpt and
            // best-model.dat fitted and last.ckpt did not, so the run could not be resumed).
            string checkpoints = Path.Combine(_trained.RunDirectory, "checkpoints");
            long checkpoint = new FileInfo(Path.Combine(checkpoints, "last.ckpt")).Length;
            long bestModel = new FileInfo(Path.Combine(checkpoints, "best-model.dat")).Length;
            Assert.True(bestModel < checkpoint / 2, $"best-model.dat {bestModel} bytes, checkpoint {checkpoint}");
            using SmallFileSystem disk = SmallFileSystem.Mount(checkpoint * 3 / 2 + (64 << 10));
            string run = disk.File("run");
            string[] common = { "train", "--train", _trained.Files.Training, "--validation", _trained.Files.Validation, "--device", "cpu", "--output", run, "-q" };

            CliResult full = await CliRun.RunAsync([.. common, "--model", "msmla-18", "--epochs", "2", "--batch-size", "17"]);
            Assert.True(full.ExitCode == 3, full.ToString());
            Assert.Contains("msmla: error: the disk is full: No space left on device", full.Error);
            string last = Path.Combine(run, "checkpoints", "last.ckpt");
            Assert.Contains($"The last complete checkpoint is {last}; free some space, then continue with: msmla train --resume {Path.Combine(run, "checkpoints")}", full.Error);
            Assert.Equal(1, LczTrainer.ReadCheckpoint(last).CompletedEpochs);
            Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories));

            disk.Resize(64L << 20);
            CliResult resumed = await CliRun.RunAsync([.. common, "--resume", Path.Combine(run, "checkpoints")]);
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Equal(2, TrainingHistory.ReadJson(Path.Combine(run, "history.json")).Epochs.Count);
        }

        private static double[] Losses(string run) =>
            TrainingHistory.ReadJson(Path.Combine(run, "history.json")).Epochs.SelectMany(e => new[] { e.TrainingLoss, e.ValidationLoss ?? double.NaN }).ToArray();
    }
}
