using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Preprocessing;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Map
{
    public class MapCommandTests
    {
        private static string Tool => Path.Combine(AppContext.BaseDirectory, "Msmla.Cli");

        private static (string Model, string Scene) Inputs(TemporaryDirectory directory, int width = 233, int height = 171)
        {
            string scene = directory.File("scene.tif");
            SyntheticLczScene.Write(scene, new SyntheticSceneOptions { Seed = 3, Width = width, Height = height, TileSize = 16 });
            string model = directory.File("model.dat");
            using LczModel net = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { PatchSize = 16, Seed = 2 });
            LczModels.Save(net, model, new InputPipeline { Bands = SentinelBands.Sentinel2, PatchSize = 16 }.WithNormalization(NormalizationOptions.So2SatStatistics));
            return (model, scene);
        }

        private static Task<CliResult> Process(TemporaryDirectory directory, IDictionary<string, string>? environment, params string[] arguments) =>
            ProcessRunner.RunAsync(Tool, arguments, directory.Path, TimeSpan.FromMinutes(5), environment);

        [Fact]
        public async Task Shards_run_as_separate_processes_merge_into_the_single_process_map_bit_for_bit()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            (string model, string scene) = Inputs(directory);
            string[] common = { "map", "--model", model, "--scene", scene, "--probabilities", "all", "--device", "cpu", "--quiet" };
            CliResult single = await CliRun.RunAsync([.. common, "--output", directory.File("single.tif")]);
            Assert.True(single.ExitCode == 0, single.ToString());

            string sharded = directory.File("sharded.tif");
            // Three array tasks at once: one with its index on the command line, one from Kubernetes', one from Slurm's variable.
            CliResult[] shards = await Task.WhenAll(
                Process(directory, null, [.. common, "--output", sharded, "--shard", "0/3"]),
                Process(directory, new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" }, [.. common, "--output", sharded, "--shard", "env/3"]),
                Process(directory, new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "2" }, [.. common, "--output", sharded, "--shard", "env/3"]));
            foreach (CliResult shard in shards) Assert.True(shard.ExitCode == 0, shard.ToString());
            Assert.False(File.Exists(sharded));
            Assert.Equal(9, Directory.GetFiles(sharded + ".shards").Length); // classes, probabilities and manifest per shard

            CliResult merge = await CliRun.RunAsync("map", "--merge", "--output", sharded, "--probabilities", "all", "--quiet");
            Assert.True(merge.ExitCode == 0, merge.ToString());
            Assert.Equal(File.ReadAllBytes(directory.File("single.tif")), File.ReadAllBytes(sharded));
            Assert.Equal(File.ReadAllBytes(directory.File("single.probabilities.tif")), File.ReadAllBytes(directory.File("sharded.probabilities.tif")));
            Assert.True(File.Exists(directory.File("sharded.quicklook.png")));

            CliResult again = await CliRun.RunAsync([.. common, "--output", sharded, "--shard", "1/3"]);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains("already done", again.Out);
        }

        [Fact]
        public async Task A_killed_shard_reruns_cleanly_and_leaves_no_file_under_a_final_name()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            (string model, string scene) = Inputs(directory, width: 700, height: 500);
            string output = directory.File("lcz.tif");
            string[] arguments = { "map", "--model", model, "--scene", scene, "--output", output, "--shard", "0/2", "--device", "cpu", "--batch-size", "16" };
            var start = new ProcessStartInfo(Tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = directory.Path };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            using (Process victim = System.Diagnostics.Process.Start(start)!)
            {
                // Wait until it maps (its log says so), then kill it as a preempted array task would be.
                string? line;
                var clock = Stopwatch.StartNew();
                while ((line = await victim.StandardError.ReadLineAsync()) != null && !line.Contains("Mapping") && clock.Elapsed < TimeSpan.FromMinutes(2))
                {
                }
                victim.Kill(entireProcessTree: true);
                await victim.WaitForExitAsync();
            }
            string shards = output + ".shards";
            string[] final = Directory.Exists(shards) ? Directory.GetFiles(shards).Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray() : Array.Empty<string>();
            Assert.Empty(final);
            // A temporary file as a kill during the write leaves it.
            Directory.CreateDirectory(shards);
            File.WriteAllText(Path.Combine(shards, ".rows-000000-000025.tif.0123456789abcdef.tmp"), "half a tile");

            CliResult rerun = await Process(directory, null, arguments);
            Assert.True(rerun.ExitCode == 0, rerun.ToString());
            Assert.Equal(new[] { "rows-000000-000025.json", "rows-000000-000025.tif" }, Directory.GetFiles(shards).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }

        [Fact]
        public async Task Bad_scenes_and_outputs_are_input_errors_that_write_nothing()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            (string model, string scene) = Inputs(directory);
            string output = directory.File("lcz.tif");

            async Task Refused(string expected, params string[] arguments)
            {
                CliResult result = await CliRun.RunAsync(["map", "--model", model, "--output", output, "--device", "cpu", .. arguments]);
                Assert.True(result.ExitCode == 2, result.ToString());
                Assert.Contains(expected, result.Error);
                Assert.DoesNotContain("   at ", result.Error); // a message, not a stack trace
                Assert.False(File.Exists(output));
            }

            string small = directory.File("small.tif");
            SyntheticLczScene.Write(small, new SyntheticSceneOptions { Width = 12, Height = 40, TileSize = 16 });
            await Refused("smaller than one 16 x 16 window", "--scene", small);
            string shifted = directory.File("shifted.tif");
            SyntheticLczScene.Write(shifted, new SyntheticSceneOptions { Seed = 3, Width = 233, Height = 171, TileSize = 16, OriginX = 400_005 });
            await Refused("geotransform", "--scene", scene, "--scene", shifted);
            byte[] before = File.ReadAllBytes(scene);
            CliResult same = await CliRun.RunAsync("map", "--model", model, "--scene", scene, "--output", Path.Combine(directory.Path, ".", "scene.tif"), "--overwrite");
            Assert.True(same.ExitCode == 2, same.ToString());
            Assert.Contains("is the input", same.Error);
            Assert.Equal(before, File.ReadAllBytes(scene));
            CliResult merge = await CliRun.RunAsync("map", "--merge", "--output", output);
            Assert.Equal(2, merge.ExitCode);
            Assert.Contains("no shard directory", merge.Error);
            await Refused("band(s) but 3 band names", "--scene", scene, "--band-names", "B2,B3,B4");
            await Refused("does not exist", "--scene", directory.File("missing.tif"));
            Assert.Equal(1, (await CliRun.RunAsync("map", "--model", model, "--scene", scene, "--output", output, "--shard", "3/3")).ExitCode);
        }

        [Fact]
        public async Task A_quicklook_that_is_an_input_and_a_batch_too_large_for_memory_are_refused_before_mapping()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            (string model, string scene) = Inputs(directory, width: 40, height: 40);
            // The quicklook of lcz.tif is lcz.quicklook.png: here a scene given under that name (LczMapper checks the map itself).
            string named = directory.File("lcz.quicklook.png");
            File.Copy(scene, named);
            byte[] before = File.ReadAllBytes(named);
            CliResult quicklook = await CliRun.RunAsync("map", "--model", model, "--scene", named, "--output", directory.File("lcz.tif"), "--device", "cpu");
            Assert.True(quicklook.ExitCode == 2, quicklook.ToString());
            Assert.Contains($"--output's quicklook {named} is a scene file given with --scene", quicklook.Error);
            Assert.Equal(before, File.ReadAllBytes(named));
            Assert.False(File.Exists(directory.File("lcz.tif")));

            // 2^31 - 1 windows of 10 x 16 x 16 float32: an overflow before; now refused with the largest batch that fits (26,214).
            CliResult batch = await CliRun.RunAsync("map", "--model", model, "--scene", scene, "--output", directory.File("lcz.tif"), "--device", "cpu", "--batch-size", "2147483647");
            Assert.True(batch.ExitCode == 1, batch.ToString());
            Assert.Contains("--batch-size 2147483647 puts 2,147,483,647 windows of 10 x 16 x 16 float32 values (10,240 bytes each) into one batch", batch.Error);
            Assert.Contains("Use a batch of at most 26,214 windows", batch.Error);
            Assert.False(File.Exists(directory.File("lcz.tif")));
        }
    }
}
