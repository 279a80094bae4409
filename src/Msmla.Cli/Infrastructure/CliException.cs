using System;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>An error the command line reports with a message and a documented exit code (no stack trace).</summary>
    internal sealed class CliException : Exception
    {
        private CliException(int exitCode, string message, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

        /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
        public int ExitCode { get; }

        /// <summary>A command-line mistake (exit code 1).</summary>
        public static CliException Usage(string message) => new(ExitCodes.Usage, message);

        /// <summary>An unusable input file or value from a file (exit code 2).</summary>
        public static CliException Input(string message, Exception? inner = null) => new(ExitCodes.InputError, message, inner);

        /// <summary>A failure while working (exit code 3).</summary>
        public static CliException Runtime(string message, Exception? inner = null) => new(ExitCodes.RuntimeFailure, message, inner);
    }
}
