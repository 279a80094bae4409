using System.CommandLine;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>Options every command accepts (one instance per command tree).</summary>
    internal sealed class GlobalOptions
    {
        /// <summary>Debug logging and stack traces.</summary>
        public Option<bool> Verbose { get; } = new("--verbose", "-v")
        {
            Description = "Log debug lines and print stack traces of errors (stderr).",
            Recursive = true,
        };

        /// <summary>Warnings and errors only.</summary>
        public Option<bool> Quiet { get; } = new("--quiet", "-q")
        {
            Description = "Log warnings and errors only, and draw no progress (stderr).",
            Recursive = true,
        };

        /// <summary>The verbosity a command line asks for (<c>--verbose</c> wins over <c>--quiet</c>).</summary>
        public Verbosity VerbosityOf(ParseResult parse) =>
            parse.GetValue(Verbose) ? Verbosity.Verbose : parse.GetValue(Quiet) ? Verbosity.Quiet : Verbosity.Normal;
    }
}
