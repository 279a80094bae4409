using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Verify
{
    /// <summary><c>msmla verify</c>: MD5s as md5sum computes them, exit code 2 and the differing file named with the release it claims to be.</summary>
    public class VerifyCommandTests
    {
        [SkippableFact]
        public async Task A_directory_with_a_damaged_file_fails_naming_it()
        {
            string md5sum = Requirement.Tool("md5sum", "coreutils");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string testing = directory.File("testing.h5"), unrelated = directory.File("notes.txt");
            var bytes = new byte[1_500_000];
            new Random(7).NextBytes(bytes);
            File.WriteAllBytes(testing, bytes);
            File.WriteAllText(unrelated, "not a release file");
            ProcessOutcome sum = TestProcess.Run(TestProcess.StartInfo(md5sum, new[] { testing }), TestProcess.ShortTimeout);

            CliResult result = await CliRun.RunAsync("verify", directory.Path, "--json");
            Assert.True(result.ExitCode == 2, result.ToString());
            JsonElement json = result.Json();
            Assert.False(json.GetProperty("verified").GetBoolean());
            JsonElement file = Assert.Single(json.GetProperty("files").EnumerateArray());
            Assert.Equal(testing, file.GetProperty("path").GetString());
            Assert.Equal(sum.StandardOutput.Split(' ')[0], file.GetProperty("md5").GetString());
            Assert.Equal("differs", file.GetProperty("status").GetString());
            Assert.Equal("2", file.GetProperty("claimed")[0].GetProperty("version").GetString());
            Assert.Contains(testing, result.Error, StringComparison.Ordinal);
            Assert.Contains("version 2, test (testing.h5)", result.Error, StringComparison.Ordinal);
            Assert.Contains("https://mediatum.ub.tum.de/1483140", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_directory_without_release_files_is_an_input_error()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            CliResult result = await CliRun.RunAsync("verify", directory.Path);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("none of the published So2Sat LCZ42 files", result.Error, StringComparison.Ordinal);
        }
    }
}
