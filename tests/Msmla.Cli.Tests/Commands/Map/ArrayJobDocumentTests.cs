using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Preprocessing;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Map
{
    /// <summary>
    /// The Kubernetes Indexed Job and the Slurm array script in docs/mapping work as written: their msmla command, run once
    /// per index as its own process with the index in the variable the engine sets, then merged, gives the single-process map.
    /// </summary>
    public class ArrayJobDocumentTests
    {
        private static string Tool => Path.Combine(AppContext.BaseDirectory, "Msmla.Cli");

        [Fact]
        public async Task The_Kubernetes_manifest_maps_in_shards_that_merge_into_the_single_process_map()
        {
            string yaml = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "mapping", "k8s-indexed-job.yaml"));
            Assert.Contains("completionMode: Indexed", yaml);
            int completions = int.Parse(Regex.Match(yaml, @"completions:\s*(\d+)").Groups[1].Value);
            string flow = Regex.Match(yaml, @"command:\s*(\[[^\]]*\])", RegexOptions.Singleline).Groups[1].Value;
            string[] command = JsonSerializer.Deserialize<string[]>(flow)!;
            Assert.Equal("msmla", command[0]);
            await RunShardsAndCompare(completions, command[1..], "/data", "JOB_COMPLETION_INDEX");
        }

        [Fact]
        public async Task The_Slurm_script_maps_in_shards_that_merge_into_the_single_process_map()
        {
            string script = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "mapping", "slurm-array.sh"));
            Match array = Regex.Match(script, @"#SBATCH --array=0-(\d+)");
            int tasks = int.Parse(array.Groups[1].Value) + 1;
            string line = Regex.Match(script, @"^msmla map .*?(?<!\\)$", RegexOptions.Multiline | RegexOptions.Singleline).Value;
            string[] command = Regex.Matches(line.Replace("\\\n", " "), @"""[^""]*""|\S+").Select(m => m.Value.Trim('"')).ToArray();
            Assert.Equal("msmla", command[0]);
            await RunShardsAndCompare(tasks, command[1..], "$PWD", "SLURM_ARRAY_TASK_ID");
        }

        private static async Task RunShardsAndCompare(int count, string[] arguments, string directoryVariable, string indexVariable)
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticLczScene.Write(directory.File("scene.tif"), new SyntheticSceneOptions { Seed = 8, Width = 233, Height = 171, TileSize = 32 });
            using (LczModel model = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { Seed = 4 }))
                LczModels.Save(model, directory.File("model.dat"), new InputPipeline { Bands = SentinelBands.Sentinel2, PatchSize = 32 });
            string[] resolved = arguments.Select(a => a.Replace(directoryVariable, directory.Path)).ToArray();
            Assert.Contains("--shard", resolved);
            Assert.Contains($"env/{count}", resolved);

            var running = new List<Task<CliResult>>();
            for (int i = 0; i < count; i++)
            {
                running.Add(ProcessRunner.RunAsync(Tool, resolved, directory.Path, TimeSpan.FromMinutes(5), new Dictionary<string, string> { [indexVariable] = i.ToString() }));
                if (running.Count == 2) foreach (CliResult r in await Task.WhenAll(running.Splice())) Assert.True(r.ExitCode == 0, r.ToString());
            }
            foreach (CliResult r in await Task.WhenAll(running)) Assert.True(r.ExitCode == 0, r.ToString());

            string output = resolved[Array.IndexOf(resolved, "--output") + 1];
            string probabilities = resolved[Array.IndexOf(resolved, "--probabilities") + 1];
            CliResult merge = await CliRun.RunAsync("map", "--merge", "--output", output, "--probabilities", probabilities, "--quiet");
            Assert.True(merge.ExitCode == 0, merge.ToString());

            string[] single = resolved.Where((a, i) => a != "--shard" && (i == 0 || resolved[i - 1] != "--shard")).ToArray();
            single[Array.IndexOf(single, "--output") + 1] = directory.File("single.tif");
            CliResult whole = await CliRun.RunAsync([.. single, "--quiet"]);
            Assert.True(whole.ExitCode == 0, whole.ToString());
            Assert.Equal(File.ReadAllBytes(directory.File("single.tif")), File.ReadAllBytes(output));
            Assert.Equal(File.ReadAllBytes(directory.File("single.probabilities.tif")), File.ReadAllBytes(Path.ChangeExtension(output, ".probabilities.tif")));
        }
    }

    internal static class TaskListExtensions
    {
        /// <summary>The list's tasks, the list emptied.</summary>
        public static Task<CliResult>[] Splice(this List<Task<CliResult>> tasks)
        {
            Task<CliResult>[] all = tasks.ToArray();
            tasks.Clear();
            return all;
        }
    }
}
