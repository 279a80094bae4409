namespace Msmla.Cli.Infrastructure
{
    /// <summary>How much a command logs to stderr.</summary>
    internal enum Verbosity
    {
        /// <summary>Warnings and errors only, no progress.</summary>
        Quiet,

        /// <summary>Information lines (one per epoch when training) and progress.</summary>
        Normal,

        /// <summary>Debug lines too, and stack traces of errors.</summary>
        Verbose,
    }
}
