using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Preprocessing;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Infrastructure
{
    /// <summary>
    /// msmla as its own process, as users run it: --threads reaches libtorch in every command that computes (the debug
    /// line of the thread scope says which count it set and which one libtorch had), and with no action of the user
    /// libgomp limits its spinning (its own OMP_DISPLAY_ENV report on stderr).
    /// </summary>
    [Collection(TrainedModelCollection.Name)]
    public class ThreadsProcessTests
    {
        private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "Msmla.Cli");

        // Always another count than libtorch's own (at most the CPUs), so the scope has to set it.
        private static readonly string Wanted = (Environment.ProcessorCount + 1).ToString(CultureInfo.InvariantCulture);

        private readonly TrainedModelFixture _model;

        public ThreadsProcessTests(TrainedModelFixture model) => _model = model;

        [SkippableFact]
        public async Task Demo_sets_the_threads_and_libgomp_spins_briefly_without_any_user_setting()
        {
            Requirement.Host(OperatingSystem.IsLinux(), "libgomp's settings are set on Linux only.");
            Requirement.Host(Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") == null && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") == null,
                "The test environment sets an OpenMP wait setting, which msmla keeps.");
            using var directory = TestPaths.CreateTemporaryDirectory();

            CliResult result = await Run(directory, new Dictionary<string, string> { ["OMP_DISPLAY_ENV"] = "VERBOSE" },
                "demo", "--output", directory.File("demo"), "--train-patches", "34", "--validation-patches", "17", "--test-patches", "17",
                "--patch-size", "16", "--epochs", "1", "--batch-size", "17", "--scene-size", "48x48");

            Assert.Contains("  GOMP_SPINCOUNT = '3000'", result.Error);
            AssertThreadsSet(result);
        }

        [Theory]
        [InlineData("evaluate")]
        [InlineData("predict")]
        public async Task Evaluate_and_predict_set_the_threads(string command)
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            var arguments = new List<string> { command, "--weights", _model.Weights, "--data", _model.Files.Testing, "--device", "cpu" };
            if (command == "predict") arguments.AddRange(new[] { "--output", directory.File("predictions.csv") });

            AssertThreadsSet(await Run(directory, null, arguments.ToArray()));
        }

        [Fact]
        public async Task Train_and_map_set_the_threads()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string run = directory.File("run");
            CliResult train = await Run(directory, null, "train", "--model", "msmla-18", "--train", _model.Files.Training, "--validation", _model.Files.Validation,
                "--epochs", "1", "--batch-size", "17", "--device", "cpu", "--output", run);
            AssertThreadsSet(train);
            // The run records the counts it used, and the command that repeats it passes them on.
            using (JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))))
            {
                JsonElement threads = manifest.RootElement.GetProperty("threads");
                Assert.Equal(Wanted, threads.GetProperty("intraOp").GetInt32().ToString(CultureInfo.InvariantCulture));
                Assert.Equal(Wanted, threads.GetProperty("interOp").GetInt32().ToString(CultureInfo.InvariantCulture));
                Assert.Contains($"--threads {Wanted} ", manifest.RootElement.GetProperty("reproduce").GetString());
                if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") == null && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") == null)
                    Assert.Equal("GOMP_SPINCOUNT=3000", manifest.RootElement.GetProperty("openMpWaiting").GetString());
            }
            Assert.Equal(int.Parse(Wanted, CultureInfo.InvariantCulture), TrainerOptions.Load(Path.Combine(run, "trainer-options.json")).Threads.IntraOp);

            string scene = directory.File("scene.tif");
            SyntheticLczScene.Write(scene, new SyntheticSceneOptions { Seed = 3, Width = 48, Height = 48, TileSize = 16 });
            string model = directory.File("model.dat");
            using (LczModel net = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { PatchSize = 16, Seed = 2 }))
                LczModels.Save(net, model, new InputPipeline { Bands = SentinelBands.Sentinel2, PatchSize = 16 }.WithNormalization(NormalizationOptions.So2SatStatistics));
            AssertThreadsSet(await Run(directory, null, "map", "--model", model, "--scene", scene, "--output", directory.File("lcz.tif"), "--device", "cpu"));
        }

        private static async Task<CliResult> Run(TemporaryDirectory directory, IDictionary<string, string>? environment, params string[] arguments)
        {
            CliResult result = await ProcessRunner.RunAsync(Tool, arguments.Concat(new[] { "--threads", Wanted, "--verbose" }), directory.Path,
                TimeSpan.FromMinutes(5), environment);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result;
        }

        private static void AssertThreadsSet(CliResult result)
        {
            Assert.Contains($"libtorch intra-op threads: {Wanted} (was ", result.Error);
            Assert.Contains($"libtorch inter-op threads: {Wanted} (was ", result.Error);
        }
    }
}
