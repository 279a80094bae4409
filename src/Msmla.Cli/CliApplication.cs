using System.CommandLine;
using System.CommandLine.Help;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Cli.Commands.Demo;
using Msmla.Cli.Commands.Evaluate;
using Msmla.Cli.Commands.ImportKeras;
using Msmla.Cli.Commands.Map;
using Msmla.Cli.Commands.Models;
using Msmla.Cli.Commands.Predict;
using Msmla.Cli.Commands.Train;
using Msmla.Cli.Commands.Verify;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli
{
    /// <summary>The <c>msmla</c> command tree over an injectable console: the process entry point and the tests both run it.</summary>
    internal sealed class CliApplication
    {
        private readonly CliConsole _console;

        /// <summary>Creates the application writing to <paramref name="console"/>.</summary>
        public CliApplication(CliConsole console)
        {
            _console = console;
            var global = new GlobalOptions();
            Root = new Command(
                "msmla",
                "msmla: train, evaluate and apply Local Climate Zone classifiers (MSMLA, Sen2LCZ-Net, LCZNet, ...) on So2Sat LCZ42-style HDF5 patches.\n" +
                "Results go to stdout (text, or JSON with --json); logs, progress and errors to stderr.\n" + ExitCodes.Description)
            {
                new HelpOption(),
                new VersionOption(),
                global.Verbose,
                global.Quiet,
                ModelsCommand.Create(console, global),
                TrainCommand.Create(console, global),
                EvaluateCommand.Create(console, global),
                PredictCommand.Create(console, global),
                ImportKerasCommand.Create(console, global),
                MapCommand.Create(console, global),
                DemoCommand.Create(console, global),
                VerifyCommand.Create(console, global),
            };
        }

        /// <summary>
        /// The root command. A plain command named <c>msmla</c> (not a <see cref="RootCommand"/>, which takes its name from
        /// the host executable) with the help and version options.
        /// </summary>
        public Command Root { get; }

        /// <summary>Parses and runs a command line; returns the exit code.</summary>
        public Task<int> RunAsync(string[] args, CancellationToken cancellation = default)
        {
            ParseResult parse = Root.Parse(args);
            if (parse.Errors.Count > 0) return Task.FromResult(ReportParseErrors(parse));
            var configuration = new InvocationConfiguration
            {
                Output = _console.Out,
                Error = _console.Error,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C is handled by Program (a cancellation token to the work, exit code 130), not by System.CommandLine.
                ProcessTerminationTimeout = null,
            };
            return parse.InvokeAsync(configuration, cancellation);
        }

        /// <summary>Writes the parse errors on stderr with a pointer to the help (stdout stays clean for pipelines).</summary>
        private int ReportParseErrors(ParseResult parse)
        {
            foreach (var error in parse.Errors) _console.Error.WriteLine("msmla: error: " + error.Message);
            string command = string.Join(" ", CommandPath(parse.CommandResult));
            _console.Error.WriteLine($"msmla: run '{command} --help' for the options");
            _console.Error.Flush();
            return ExitCodes.Usage;
        }

        private static System.Collections.Generic.IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
        {
            var names = new System.Collections.Generic.Stack<string>();
            for (var current = result; current != null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
                names.Push(current.Command.Name);
            return names;
        }
    }
}
