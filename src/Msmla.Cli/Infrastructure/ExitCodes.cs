namespace Msmla.Cli.Infrastructure
{
    /// <summary>The exit codes of every <c>msmla</c> command (also listed in <c>msmla --help</c>).</summary>
    internal static class ExitCodes
    {
        /// <summary>The command did its work.</summary>
        public const int Success = 0;

        /// <summary>The command line is wrong: unknown command or option, missing or invalid value, unknown model or recipe name.</summary>
        public const int Usage = 1;

        /// <summary>
        /// An input is missing or unusable (file not found, not HDF5, wrong datasets or shapes, bad JSON, bands that do not fit
        /// the model), or an output cannot be used (it is one of the inputs, cannot be written, or holds an earlier run).
        /// </summary>
        public const int InputError = 2;

        /// <summary>The work failed while running: TorchSharp/libtorch error, diverged training, CUDA unavailable, out of memory, a full disk, a bug.</summary>
        public const int RuntimeFailure = 3;

        /// <summary>Cancelled with Ctrl+C (128 + SIGINT), after saving what could be saved.</summary>
        public const int Cancelled = 130;

        /// <summary>The text of the exit-code table for the help.</summary>
        public const string Description =
            "Exit codes: 0 success; 1 usage error (bad command line, unknown model/recipe); 2 input or data error " +
            "(missing/unreadable file, bad JSON, bands or shapes that do not fit, an output that is an input or cannot be written); " +
            "3 runtime failure (libtorch, diverged training, out of memory, full disk); 130 cancelled (Ctrl+C).";
    }
}
