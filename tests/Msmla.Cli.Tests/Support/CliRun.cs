using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>The outcome of one in-process run of the command line.</summary>
    internal sealed record CliResult(int ExitCode, string Out, string Error)
    {
        /// <summary>Stdout parsed as one JSON document.</summary>
        public JsonElement Json()
        {
            using JsonDocument document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }

        /// <summary>A description for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
    }

    /// <summary>Runs <c>msmla</c> in-process through its parser, with stdout and stderr captured.</summary>
    internal static class CliRun
    {
        public static async Task<CliResult> RunAsync(CancellationToken cancellation, params string[] args)
        {
            using var error = new StringWriter();
            return await RunAsync(error, cancellation, args);
        }

        /// <summary>Runs with stderr going to <paramref name="error"/> (for example a <see cref="CancellingWriter"/>).</summary>
        public static async Task<CliResult> RunAsync(TextWriter error, CancellationToken cancellation, params string[] args)
        {
            using var output = new StringWriter();
            int code = await new CliApplication(new CliConsole(output, error)).RunAsync(args, cancellation);
            return new CliResult(code, output.ToString(), error.ToString()!);
        }

        public static Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);
    }
}
