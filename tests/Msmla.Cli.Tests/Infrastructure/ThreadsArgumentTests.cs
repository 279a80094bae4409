using System.Threading.Tasks;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Runtime;

namespace Msmla.Cli.Tests.Infrastructure
{
    /// <summary>--threads: its values, its refusals, and its presence on every command that computes.</summary>
    public class ThreadsArgumentTests
    {
        [Fact]
        public void Values_are_auto_or_a_count_for_both_pools()
        {
            Assert.Null(ThreadsArgument.Parse(null));
            Assert.Equal(TorchThreads.Automatic, ThreadsArgument.Parse("auto"));
            Assert.Equal(new TorchThreads { IntraOp = 3, InterOp = 3 }, ThreadsArgument.Parse("3"));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-2")]
        [InlineData("1.5")]
        [InlineData("all")]
        public void Other_values_are_usage_errors(string value)
        {
            CliException e = Assert.Throws<CliException>(() => ThreadsArgument.Parse(value));
            Assert.Equal(ExitCodes.Usage, e.ExitCode);
            Assert.Contains($"'{value}'", e.Message);
        }

        [Theory]
        [InlineData("train")]
        [InlineData("evaluate")]
        [InlineData("predict")]
        [InlineData("map")]
        [InlineData("demo")]
        public async Task Every_command_that_computes_lists_it(string command)
        {
            CliResult help = await CliRun.RunAsync(command, "--help");
            Assert.Contains("--threads <n|auto>", help.Out);
        }
    }
}
