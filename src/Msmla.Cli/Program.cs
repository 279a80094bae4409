using System;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli
{
    /// <summary>The <c>msmla</c> process: the real console, and Ctrl+C as a cancellation token (a second Ctrl+C ends the process at once).</summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (cancellation.IsCancellationRequested) return; // second Ctrl+C: let the runtime end the process
                e.Cancel = true;
                Console.Error.WriteLine("msmla: cancelling (press Ctrl+C again to stop at once)...");
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                int code = await new CliApplication(CliConsole.FromSystemConsole()).RunAsync(args, cancellation.Token).ConfigureAwait(false);
                return cancellation.IsCancellationRequested && code == ExitCodes.Success ? ExitCodes.Cancelled : code;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }
}
