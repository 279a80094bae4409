using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>The README's main-job command, run as the README runs it (with smaller sizes to keep the suite short).</summary>
    public class ReadmeCommandTests
    {
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
