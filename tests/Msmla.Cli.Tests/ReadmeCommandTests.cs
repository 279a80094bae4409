using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>The README's commands: the main job (with smaller sizes to keep the suite short) and the pipeline quick start, as written.</summary>
    public class ReadmeCommandTests
    {
        /// <summary>
        /// The README's pipeline quick start (demo, train, evaluate, map), every line run as written by the msmla of this
        /// build in one fresh directory; the map is read back by GDAL.
        /// </summary>
        [SkippableFact]
        public async Task ReadmePipelineQuickStart_RunsAsWritten()
        {
            string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
            int section = readme.IndexOf("**Pipeline (command line and mapping).**", StringComparison.Ordinal);
            Assert.True(section >= 0, "the README has no pipeline quick start");
            int start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + "```sh\n".Length;
            string[] lines = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(new[] { "demo", "train", "evaluate", "map" }, lines.Select(l => l.Split(' ')[1]));
            string gdalinfo = Requirement.Tool("gdalinfo", "gdal-bin");

            using var directory = TestPaths.CreateTemporaryDirectory();
            string cli = Path.Combine(AppContext.BaseDirectory, "Msmla.Cli.dll");
            foreach (string line in lines)
            {
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(words[0] == "msmla" && !line.Contains('"', StringComparison.Ordinal) && !line.Contains('#', StringComparison.Ordinal), $"not a plain msmla command: {line}");
                CliResult result = await ProcessRunner.RunAsync(TestProcess.Dotnet, words.Skip(1).Prepend(cli), directory.Path, TimeSpan.FromMinutes(10));
                Assert.True(result.ExitCode == 0, $"{line}\n{result}");
            }

            foreach (string file in new[] { "model.dat", "model.dat.json", "learning-curves.png", "test/metrics.csv", "test/confusion-matrix.png", "lcz-map.quicklook.png" })
                Assert.True(File.Exists(Path.Combine(directory.Path, "lcz-run", file)), $"lcz-run/{file} is missing");
            // The map of the 320 x 240 scene in cells of 10 pixels, with the LCZ colour table, as GDAL reads it.
            CliResult info = await ProcessRunner.RunAsync(gdalinfo, new[] { Path.Combine(directory.Path, "lcz-run", "lcz-map.tif") }, directory.Path, TestProcess.ShortTimeout);
            Assert.True(info.ExitCode == 0, info.ToString());
            Assert.Contains("Size is 32, 24", info.Out, StringComparison.Ordinal);
            Assert.Contains("Color Table", info.Out, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ReadmeMainCommand_RunsTheDemo()
        {
            string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
            const string command = "dotnet run --project src/Msmla.Cli -- demo";
            Assert.Contains(command, readme);

            using var build = RepositoryBuildLock.Acquire();
            using var directory = TestPaths.CreateTemporaryDirectory();
            // The README's command with its own bin/ and obj/ (--artifacts-path before the "--"): the solution build may be
            // writing the repository's at the same time.
            string[] dotnetPart = command[..command.IndexOf(" -- ", StringComparison.Ordinal)].Split(' ').Skip(1).ToArray();
            string[] appPart = command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 1)..].Split(' ');
            string[] arguments = dotnetPart
                .Concat(new[] { "--artifacts-path", directory.File("artifacts") })
                .Concat(appPart)
                .Concat(new[] { "--output", directory.File("demo"), "--train-patches", "68", "--validation-patches", "17", "--test-patches", "34", "--patch-size", "16", "--epochs", "1" })
                .ToArray();
            CliResult result = await ProcessRunner.RunAsync(TestProcess.Dotnet, arguments, TestPaths.RepositoryRoot, TimeSpan.FromMinutes(15));
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("msmla demo: MSMLA-18 trained for 1 epoch on ", result.Out);
            Assert.Contains("Held-out test set (34 patches): overall accuracy", result.Out);
            foreach (string file in new[] { "metrics.csv", "learning-curves.png", "confusion-matrix.png" })
                Assert.True(File.Exists(Path.Combine(directory.File("demo"), file)), $"{file} is missing\n{result}");
            Assert.True(Directory.Exists(Path.Combine(directory.File("artifacts"), "bin", "Msmla.Cli")), $"the CLI was not built into its artifacts path\n{result}");
        }
    }
}
