using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Msmla.Cli.Progress;
using Spectre.Console;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// What a command's work gets: the console, the loggers (stderr), the progress display (stderr) and the
    /// cancellation token (Ctrl+C).
    /// </summary>
    internal sealed class CommandContext : IDisposable
    {
        private CommandContext(CliConsole console, Verbosity verbosity, ILoggerFactory loggers, IProgressDisplay progress, CancellationToken cancellation)
        {
            Console = console;
            Verbosity = verbosity;
            Loggers = loggers;
            Progress = progress;
            Cancellation = cancellation;
        }

        /// <summary>Stdout (results) and stderr (everything else).</summary>
        public CliConsole Console { get; }

        /// <summary>How much to log.</summary>
        public Verbosity Verbosity { get; }

        /// <summary>The loggers; every level goes to stderr.</summary>
        public ILoggerFactory Loggers { get; }

        /// <summary>Live bars on a terminal, plain lines otherwise, nothing when quiet.</summary>
        public IProgressDisplay Progress { get; }

        /// <summary>Cancelled by Ctrl+C.</summary>
        public CancellationToken Cancellation { get; }

        /// <summary>A logger for a category.</summary>
        public ILogger Logger(string category) => Loggers.CreateLogger(category);

        /// <summary>
        /// Sets up logging and progress for a console: Spectre.Console bars with log lines above them when stderr is a
        /// terminal; Microsoft.Extensions.Logging.Console (all levels to stderr) and plain progress lines when the real
        /// stderr is redirected; line logging into the injected writer otherwise (tests).
        /// </summary>
        public static CommandContext Create(CliConsole console, Verbosity verbosity, CancellationToken cancellation)
        {
            LogLevel minimum = verbosity switch
            {
                Verbosity.Quiet => LogLevel.Warning,
                Verbosity.Verbose => LogLevel.Debug,
                _ => LogLevel.Information,
            };
            bool exceptions = verbosity == Verbosity.Verbose;
            IProgressDisplay progress;
            ILoggerFactory loggers;
            if (console.ErrorIsTerminal && verbosity != Verbosity.Quiet)
            {
                IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
                var live = new SpectreProgressDisplay(ansi);
                progress = live;
                loggers = LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddProvider(new LineLoggerProvider(live.WriteLine, exceptions)));
            }
            else if (console.IsSystemConsole)
            {
                progress = verbosity == Verbosity.Quiet ? new QuietProgressDisplay(console.Error.WriteLine) : new PlainProgressDisplay(console.Error);
                loggers = LoggerFactory.Create(b =>
                {
                    b.SetMinimumLevel(minimum);
                    b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                    b.AddSimpleConsole(o =>
                    {
                        o.SingleLine = true;
                        o.IncludeScopes = false;
                        o.ColorBehavior = LoggerColorBehavior.Disabled;
                    });
                });
            }
            else
            {
                progress = verbosity == Verbosity.Quiet ? new QuietProgressDisplay(console.Error.WriteLine) : new PlainProgressDisplay(console.Error);
                loggers = LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddProvider(new LineLoggerProvider(console.Error.WriteLine, exceptions)));
            }
            return new CommandContext(console, verbosity, loggers, progress, cancellation);
        }

        /// <summary>Flushes and closes the loggers (the console logger writes from a background queue).</summary>
        public void Dispose() => Loggers.Dispose();
    }
}
