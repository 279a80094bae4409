using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>
    /// <c>dotnet build -c Release src/Msmla.Cli -o &lt;dir&gt;</c> (what container builds run) works on a fresh copy of the
    /// repository: -o passes OutputPath to every referenced project, and the native-fix task assembly must still be where
    /// the build looks for it.
    /// </summary>
    public class BuildOutputDirectoryTests
    {
        [SkippableFact]
        public void Build_WithOutputDirectory_OnAFreshCopy_GivesARunnableTool()
        {
            Requirement.Tool("git", "git");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string copy = directory.File("repo"), output = directory.File("out");
            CopyWorkingTree(TestPaths.RepositoryRoot, copy);

            ProcessStartInfo build = TestProcess.StartInfo(TestProcess.Dotnet,
                new[] { "build", "-c", "Release", Path.Combine("src", "Msmla.Cli"), "-o", output }, copy);
            // A node of another build could hold an older task assembly; this build stands alone.
            build.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            ProcessOutcome built = TestProcess.Run(build, TestProcess.BuildTimeout);
            Assert.True(built.ExitCode == 0, built.ToString());
            Assert.True(File.Exists(Path.Combine(copy, "src", "Msmla.Core.Build", "bin", "Release", "netstandard2.0", "Msmla.Core.Build.dll")),
                "the task assembly is built into its own bin/, not into the -o directory");
            Assert.False(File.Exists(Path.Combine(output, "Msmla.Core.Build.dll")), "the task assembly is not part of the tool's output");

            ProcessOutcome models = TestProcess.Run(
                TestProcess.StartInfo(TestProcess.Dotnet, new[] { Path.Combine(output, "Msmla.Cli.dll"), "models", "--json" }, directory.Path),
                TestProcess.ShortTimeout);
            Assert.True(models.ExitCode == 0, models.ToString());
            Assert.Contains("\"msmla-18\"", models.StandardOutput, StringComparison.Ordinal);
        }

        /// <summary>
        /// What a clone of the working tree would hold: the tracked files as they are now plus new files that are not
        /// ignored (so a change is tested before it is committed), and no bin/ or obj/.
        /// </summary>
        private static void CopyWorkingTree(string root, string target)
        {
            ProcessOutcome listed = TestProcess.Run(
                TestProcess.StartInfo("git", new[] { "ls-files", "-z", "--cached", "--others", "--exclude-standard" }, root),
                TestProcess.ShortTimeout);
            Assert.True(listed.ExitCode == 0, listed.ToString());
            IEnumerable<string> files = listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            foreach (string relative in files.Where(f => File.Exists(Path.Combine(root, f))))
            {
                string destination = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(Path.Combine(root, relative), destination);
            }
        }
    }
}
