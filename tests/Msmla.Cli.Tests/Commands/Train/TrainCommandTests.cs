using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Train
{
    public class TrainCommandTests
    {
        [Fact]
        public async Task Train_WritesAReproducibleRunDirectory_AndResumesToTheSameHistory()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 68, validation: 34, testing: 17);
            string first = directory.File("first");
            CliResult run = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation,
                "--epochs", "2", "--batch-size", "17", "--seed", "3", "--device", "cpu", "--output", first, "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            JsonElement json = run.Json();
            Assert.Equal(2, json.GetProperty("epochs").GetInt32());
            Assert.Equal("Completed", json.GetProperty("stopReason").GetString());
            Assert.Equal(34, json.GetProperty("validationMetrics").GetProperty("samples").GetInt32());
            foreach (string file in new[] { "model.dat", "model.dat.json", "checkpoints/best-model.dat", "checkpoints/best-model.dat.json", "history.csv", "history.json", "learning-curves.png",
                         "model-options.json", "trainer-options.json", "run.json", "metrics.csv", "metrics-per-class.csv", "confusion-matrix.csv",
                         "confusion-matrix.png", "checkpoints/last.ckpt" })
                Assert.True(File.Exists(Path.Combine(first, file)), $"{file} is missing");
            Assert.Equal((1200, 480), PngFile.Read(Path.Combine(first, "learning-curves.png")));
            Assert.Equal(3, File.ReadAllLines(Path.Combine(first, "history.csv")).Length);
            TrainerOptions written = TrainerOptions.Load(Path.Combine(first, "trainer-options.json"));
            Assert.Equal((2, 17, 3), (written.Epochs, written.BatchSize, written.Seed));
            using (JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "run.json"))))
            {
                Assert.Equal("msmla-as-described", manifest.RootElement.GetProperty("recipe").GetString());
                Assert.Contains("--trainer-options", manifest.RootElement.GetProperty("reproduce").GetString());
                // No --threads: the cores this process may use, and libtorch's own inter-op pool.
                JsonElement threads = manifest.RootElement.GetProperty("threads");
                Assert.Equal(Msmla.Core.Runtime.AvailableCores.Count(), threads.GetProperty("intraOp").GetInt32());
                Assert.Equal(JsonValueKind.Null, threads.GetProperty("interOp").ValueKind);
            }

            // The same run again from the written option files gives the same history.
            string again = directory.File("again");
            CliResult repeat = await CliRun.RunAsync("train", "--options", Path.Combine(first, "model-options.json"),
                "--trainer-options", Path.Combine(first, "trainer-options.json"), "--train", data.Training, "--validation", data.Validation,
                "--device", "cpu", "--output", again, "--quiet");
            Assert.True(repeat.ExitCode == 0, repeat.ToString());
            Assert.Equal(Losses(first), Losses(again));

            // One epoch, then a resume up to two, gives the same history as the straight run.
            string split = directory.File("split");
            Assert.Equal(0, (await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation,
                "--epochs", "1", "--batch-size", "17", "--seed", "3", "--device", "cpu", "--output", split, "--quiet")).ExitCode);
            CliResult resumed = await CliRun.RunAsync("train", "--resume", Path.Combine(split, "checkpoints"), "--epochs", "2",
                "--train", data.Training, "--validation", data.Validation, "--device", "cpu", "--output", split, "--quiet");
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Equal(Losses(first), Losses(split));
        }

        [Fact]
        public async Task Resume_TakesTheNormalisationAndAugmentationOfTheRunItContinues()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string[] common = { "train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation, "--batch-size", "17", "--seed", "5",
                "--device", "cpu", "--normalize", "so2sat-stats", "--augment", "dihedral", "--quiet" };
            string straight = directory.File("straight"), split = directory.File("split");
            Assert.Equal(0, (await CliRun.RunAsync(common.Concat(new[] { "--epochs", "2", "--output", straight }).ToArray())).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync(common.Concat(new[] { "--epochs", "1", "--output", split }).ToArray())).ExitCode);

            // No --normalize or --augment: both come from the checkpoint, so the history is the straight run's.
            CliResult resumed = await CliRun.RunAsync("train", "--resume", Path.Combine(split, "checkpoints"), "--epochs", "2",
                "--train", data.Training, "--validation", data.Validation, "--device", "cpu", "--output", split);
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Equal(Losses(straight), Losses(split));
            using (JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(split, "run.json"))))
            {
                Assert.Equal("So2SatStatistics", manifest.RootElement.GetProperty("input").GetProperty("normalization").GetProperty("kind").GetString());
                Assert.True(manifest.RootElement.GetProperty("augmentation").GetProperty("rotate90").GetBoolean());
            }

            // Another normalisation is other data: refused, naming both. Another augmentation is followed, with a warning.
            string other = directory.File("other");
            Assert.Equal(0, (await CliRun.RunAsync(common.Concat(new[] { "--epochs", "1", "--output", other }).ToArray())).ExitCode);
            CliResult renormalized = await CliRun.RunAsync("train", "--resume", Path.Combine(other, "checkpoints"), "--epochs", "2", "--normalize", "none",
                "--train", data.Training, "--validation", data.Validation, "--device", "cpu", "--output", other);
            Assert.Equal(2, renormalized.ExitCode);
            Assert.Contains("trained on data prepared as", renormalized.Error);
            Assert.Contains("normalisation so2sat-stats", renormalized.Error);
            CliResult reaugmented = await CliRun.RunAsync("train", "--resume", Path.Combine(other, "checkpoints"), "--epochs", "2", "--augment", "flips",
                "--train", data.Training, "--validation", data.Validation, "--device", "cpu", "--output", other);
            Assert.True(reaugmented.ExitCode == 0, reaugmented.ToString());
            Assert.Contains("will not repeat the uninterrupted one", reaugmented.Error);
            Assert.Equal(Losses(straight).Take(2), Losses(other).Take(2));
            Assert.NotEqual(Losses(straight).Skip(2), Losses(other).Skip(2));
        }

        [Fact]
        public async Task ReleasedMsmlaRecipe_AugmentsAndWeighsClasses_AndRecordsIt()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string run = directory.File("run");
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--recipe", "msmla-as-released", "--train", data.Training,
                "--validation", data.Validation, "--epochs", "1", "--batch-size", "17", "--device", "cpu", "--output", run);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Balanced class weights", result.Error);
            using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json")));
            JsonElement augmentation = manifest.RootElement.GetProperty("augmentation");
            Assert.True(augmentation.GetProperty("horizontalFlip").GetBoolean());
            Assert.True(augmentation.GetProperty("verticalFlip").GetBoolean());
            Assert.Equal(90, augmentation.GetProperty("maxRotationDegrees").GetDouble());
            Assert.Contains("--augment msmla", manifest.RootElement.GetProperty("reproduce").GetString());
            Assert.True(TrainerOptions.Load(Path.Combine(run, "trainer-options.json")).Loss.BalancedClassWeights);

            string plain = directory.File("plain");
            Assert.Equal(0, (await CliRun.RunAsync("train", "--model", "msmla-18", "--recipe", "msmla-as-released", "--augment", "none", "--train", data.Training,
                "--validation", data.Validation, "--epochs", "1", "--batch-size", "17", "--device", "cpu", "--output", plain, "--quiet")).ExitCode);
            using JsonDocument none = JsonDocument.Parse(File.ReadAllText(Path.Combine(plain, "run.json")));
            Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("augmentation").ValueKind);
        }

        [Fact]
        public async Task Precision_bf16_mixed_IsRecorded_AndTrainsOtherWeightsThanFloat32()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string[] Arguments(string output, params string[] more) => new[] { "train", "--model", "sen2lcz-net", "--train", data.Training, "--validation", data.Validation,
                "--epochs", "1", "--batch-size", "17", "--device", "cpu", "--seed", "3", "--output", output, "--quiet" }.Concat(more).ToArray();
            string mixed = directory.File("mixed"), single = directory.File("single");
            CliResult result = await CliRun.RunAsync(Arguments(mixed, "--precision", "bf16-mixed"));
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(0, (await CliRun.RunAsync(Arguments(single))).ExitCode);
            Assert.Equal(TrainingPrecision.BFloat16Mixed, TrainerOptions.Load(Path.Combine(mixed, "trainer-options.json")).Precision);
            Assert.Equal(TrainingPrecision.Float32, TrainerOptions.Load(Path.Combine(single, "trainer-options.json")).Precision);
            using LczModel a = LczModels.Load(Path.Combine(mixed, "model.dat"));
            using LczModel b = LczModels.Load(Path.Combine(single, "model.dat"));
            Assert.All(a.parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.Float32, p.dtype));
            Assert.Contains(a.state_dict(), e => !e.Value.allclose(b.state_dict()[e.Key], rtol: 0, atol: 0));
            Assert.Equal(1, (await CliRun.RunAsync(Arguments(directory.File("other"), "--precision", "half"))).ExitCode);
        }

        [Fact]
        public async Task WithoutValidation_ARecipeThatMonitorsValidation_IsAUsageError()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 17, validation: 17, testing: 17);
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--output", directory.File("run"));
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--validation", result.Error);
        }

        [Fact]
        public async Task TrainerOptionsWithAnUnknownProperty_AreAnInputError_NamingIt()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 17, validation: 17, testing: 17);
            string options = directory.File("trainer.json");
            File.WriteAllText(options, """{ "Epochs": 2, "BatchSise": 8 }""");
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--trainer-options", options, "--output", directory.File("run"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("BatchSise", result.Error);
            Assert.Contains("trainer.json", result.Error);
        }

        [Fact]
        public async Task MalformedModelOptions_AreAnInputError_WithThePosition()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string options = directory.File("model.json");
            File.WriteAllText(options, """{ "architecture": "msmla-18", "options": { "patchSize": "big" } }""");
            CliResult result = await CliRun.RunAsync("train", "--options", options, "--train", directory.File("x.h5"), "--output", directory.File("run"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("$.options.patchSize", result.Error);
        }

        [Fact]
        public async Task InvalidTrainerOptionValue_IsAnInputError_NamingTheOption()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 17, validation: 17, testing: 17);
            string options = directory.File("trainer.json");
            File.WriteAllText(options, """{ "Epochs": 0 }""");
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--trainer-options", options, "--output", directory.File("run"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("Epochs", result.Error);
        }

        [Fact]
        public async Task UnknownRecipe_IsAUsageError_ListingTheRecipes()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 17, validation: 17, testing: 17);
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--recipe", "fastest", "--output", directory.File("run"));
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("msmla-as-described", result.Error);
        }

        [Fact]
        public async Task ConflictingOptions_AreUsageErrors()
        {
            CliResult both = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", "t.h5", "--recipe", "sen2lcz-net", "--trainer-options", "x.json", "--output", "o");
            Assert.Equal(1, both.ExitCode);
            CliResult noModel = await CliRun.RunAsync("train", "--train", "t.h5", "--output", "o");
            Assert.Equal(1, noModel.ExitCode);
            Assert.Contains("--model", noModel.Error);
            CliResult badDevice = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", "t.h5", "--output", "o", "--device", "tpu");
            Assert.Equal(1, badDevice.ExitCode);
        }

        [Fact]
        public async Task MissingTrainingFile_IsAnInputError()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            CliResult result = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", directory.File("missing.h5"), "--output", directory.File("run"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("missing.h5: the file does not exist", result.Error);
        }

        [Fact]
        public async Task Cancellation_EndsWithExitCode130()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            CliResult result = await CliRun.RunAsync(cancelled.Token, "train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation,
                "--epochs", "3", "--device", "cpu", "--output", directory.File("run"));
            Assert.True(result.ExitCode == 130, result.ToString());
        }

        private static double[] Losses(string run) =>
            TrainingHistory.ReadJson(Path.Combine(run, "history.json")).Epochs.SelectMany(e => new[] { e.TrainingLoss, e.ValidationLoss ?? double.NaN }).ToArray();
    }
}
