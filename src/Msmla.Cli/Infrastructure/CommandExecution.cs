using System;
using System.Threading;
using System.Threading.Tasks;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// Runs a command's work: sets up logging and progress, maps exceptions to messages and exit codes, prints stack
    /// traces only with <c>--verbose</c>.
    /// </summary>
    internal static class CommandExecution
    {
        /// <summary>Runs <paramref name="work"/> and returns the exit code.</summary>
        public static Task<int> RunAsync(CliConsole console, Verbosity verbosity, CancellationToken cancellation, Func<CommandContext, int> work)
        {
            int code;
            using (CommandContext context = CommandContext.Create(console, verbosity, cancellation))
            {
                try
                {
                    code = work(context);
                }
                catch (Exception error)
                {
                    (code, string message) = ErrorReport.Classify(error, cancellation.IsCancellationRequested);
                    if (verbosity == Verbosity.Verbose && error is not CliException) console.Error.WriteLine(error.ToString());
                    console.Error.WriteLine("msmla: error: " + message);
                    if (code == ExitCodes.RuntimeFailure && verbosity != Verbosity.Verbose)
                        console.Error.WriteLine("msmla: run with --verbose for the stack trace");
                }
            }
            console.Out.Flush();
            console.Error.Flush();
            return Task.FromResult(code);
        }
    }
}
