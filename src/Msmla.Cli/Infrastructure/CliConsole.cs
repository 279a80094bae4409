using System;
using System.IO;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// Where a command writes: results to <see cref="Out"/> (stdout), logs, progress and errors to <see cref="Error"/>
    /// (stderr). Tests inject writers; <see cref="FromSystemConsole"/> is the real console.
    /// </summary>
    internal sealed class CliConsole
    {
        /// <summary>Creates a console over two writers.</summary>
        /// <param name="output">Results (text tables or JSON).</param>
        /// <param name="error">Logs, progress and error messages.</param>
        /// <param name="errorIsTerminal">Whether <paramref name="error"/> is an interactive terminal (live progress bars).</param>
        /// <param name="isSystemConsole">Whether the writers are the process's console (logs then go through Microsoft.Extensions.Logging.Console).</param>
        public CliConsole(TextWriter output, TextWriter error, bool errorIsTerminal = false, bool isSystemConsole = false)
        {
            Out = output ?? throw new ArgumentNullException(nameof(output));
            Error = TextWriter.Synchronized(error ?? throw new ArgumentNullException(nameof(error)));
            ErrorIsTerminal = errorIsTerminal;
            IsSystemConsole = isSystemConsole;
        }

        /// <summary>Standard output: results only.</summary>
        public TextWriter Out { get; }

        /// <summary>Standard error: logs, progress, error messages (synchronised: the trainer logs from its own thread).</summary>
        public TextWriter Error { get; }

        /// <summary>Whether the error stream is an interactive terminal, so progress may be drawn as live bars.</summary>
        public bool ErrorIsTerminal { get; }

        /// <summary>Whether the writers are the process's own console.</summary>
        public bool IsSystemConsole { get; }

        /// <summary>The process console; live progress only when stderr is a terminal and TERM is not "dumb".</summary>
        public static CliConsole FromSystemConsole()
        {
            bool terminal = !Console.IsErrorRedirected
                && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
            return new CliConsole(Console.Out, Console.Error, terminal, isSystemConsole: true);
        }
    }
}
