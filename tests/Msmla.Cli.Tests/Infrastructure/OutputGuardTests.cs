using System;
using System.Diagnostics;
using System.IO;
using Msmla.Cli.Infrastructure;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class OutputGuardTests
    {
        [Fact]
        public void An_output_that_is_an_input_by_any_spelling_or_link_is_refused_and_left_alone()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string data = directory.File("data.h5");
            File.WriteAllBytes(data, new byte[] { 1, 2, 3 });
            Directory.CreateDirectory(directory.File("sub"));
            File.CreateSymbolicLink(directory.File("link.csv"), data);
            Directory.CreateSymbolicLink(directory.File("dirlink"), directory.Path);
            var inputs = new[] { new CommandInput("the data file given with --data", data) };

            foreach (string output in new[] { data, directory.File("sub/../data.h5"), directory.File("link.csv"), directory.File("dirlink/data.h5"),
                         Path.GetRelativePath(Environment.CurrentDirectory, data) })
            {
                CliException e = Assert.Throws<CliException>(() => OutputGuard.CheckFile(output, "--output", inputs));
                Assert.Equal(ExitCodes.InputError, e.ExitCode);
                Assert.Contains($"--output {output} is the data file given with --data ({data})", e.Message);
            }
            if (OperatingSystem.IsLinux())
            {
                RunLn(data, directory.File("hard.h5"));
                Assert.Contains("is the data file", Assert.Throws<CliException>(() => OutputGuard.CheckFile(directory.File("hard.h5"), "--output", inputs)).Message);
            }
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(data));
            OutputGuard.CheckFile(directory.File("predictions.csv"), "--output", inputs);
            Assert.False(File.Exists(directory.File("predictions.csv")));
        }

        [Fact]
        public void A_directory_a_read_only_file_or_an_impossible_directory_is_refused_and_a_missing_directory_is_created()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            var none = Array.Empty<CommandInput>();
            Assert.Contains("is a directory; give the path of the file", Assert.Throws<CliException>(() => OutputGuard.CheckFile(directory.Path, "--output", none)).Message);

            string blocker = directory.File("file");
            File.WriteAllText(blocker, "x");
            Assert.Contains($"Cannot create the directory {blocker}", Assert.Throws<CliException>(() => OutputGuard.CheckFile(Path.Combine(blocker, "p.csv"), "--output", none)).Message);
            Assert.Contains("is a file, not a directory", Assert.Throws<CliException>(() => OutputGuard.CheckDirectory(blocker, "--output", new[] { "metrics.csv" }, none)).Message);

            string created = directory.File("new/deeper/p.csv");
            OutputGuard.CheckFile(created, "--output", none);
            Assert.True(Directory.Exists(directory.File("new/deeper")));
            Assert.Empty(Directory.GetFileSystemEntries(directory.File("new/deeper"))); // the write probe is gone

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(blocker, UnixFileMode.UserRead);
                Assert.Contains("exists and is read-only", Assert.Throws<CliException>(() => OutputGuard.CheckFile(blocker, "--output", none)).Message);
                string locked = directory.File("locked");
                Directory.CreateDirectory(locked);
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                Assert.Contains($"The directory {locked} (for --output) is read-only",
                    Assert.Throws<CliException>(() => OutputGuard.CheckFile(Path.Combine(locked, "p.csv"), "--output", none)).Message);
                Assert.Contains("is read-only", Assert.Throws<CliException>(() => OutputGuard.CheckDirectory(locked, "--output", new[] { "metrics.csv" }, none)).Message);
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        [Fact]
        public void A_directory_output_whose_file_would_be_an_input_is_refused()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string data = directory.File("metrics.csv");
            File.WriteAllText(data, "an input that happens to have the name of an output");
            CliException e = Assert.Throws<CliException>(() => OutputGuard.CheckDirectory(directory.Path, "--output", new[] { "metrics.csv", "confusion-matrix.png" },
                new[] { new CommandInput("the data file given with --data", data) }));
            Assert.Contains($"--output {directory.Path} holds metrics.csv, which is the data file given with --data", e.Message);
        }

        private static void RunLn(string target, string link)
        {
            using Process ln = Process.Start("ln", new[] { target, link })!;
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }
    }
}
