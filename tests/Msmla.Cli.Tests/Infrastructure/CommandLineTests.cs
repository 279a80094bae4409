using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class CommandLineTests
    {
        [Theory]
        [InlineData("--help")]
        [InlineData("models", "--help")]
        [InlineData("import-keras", "--help")]
        [InlineData("train", "--help")]
        [InlineData("evaluate", "--help")]
        [InlineData("predict", "--help")]
        [InlineData("demo", "--help")]
        public async Task EveryCommand_HasHelp(params string[] args)
        {
            CliResult result = await CliRun.RunAsync(args);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Usage:", result.Out);
            string usage = args.Length > 1 ? $"msmla {args[0]} [options]" : "msmla [command] [options]";
            Assert.Contains(usage, result.Out);
            Assert.Contains("--verbose", result.Out);
        }

        [Fact]
        public async Task RootHelp_ListsTheCommandsAndTheExitCodes()
        {
            CliResult result = await CliRun.RunAsync("--help");
            foreach (string command in new[] { "models", "train", "evaluate", "predict", "import-keras", "demo" })
                Assert.Contains(command, result.Out);
            Assert.Contains("130 cancelled", result.Out);
        }

        [Fact]
        public async Task NoCommand_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync();
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("msmla: error:", result.Error);
        }

        [Fact]
        public async Task UnknownCommand_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync("fly");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("'fly'", result.Error);
            Assert.Equal("", result.Out);
        }
    }
}
