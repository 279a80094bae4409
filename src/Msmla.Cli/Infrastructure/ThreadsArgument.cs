using System.CommandLine;
using System.Globalization;
using Msmla.Core.Runtime;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The <c>--threads</c> option of the commands that compute.</summary>
    internal static class ThreadsArgument
    {
        /// <summary>Creates the option; <paramref name="whenAbsent"/> says what leaving it out means.</summary>
        public static Option<string?> Create(string whenAbsent = "auto") => new("--threads")
        {
            Description = "CPU threads for libtorch, within and between operations: a number, or auto for the cores this process may use " +
                $"(its CPU affinity and cgroup CPU limit; OMP_NUM_THREADS when set). Default: {whenAbsent}.",
            HelpName = "n|auto",
        };

        /// <summary>The setting a value asks for; null when the option was not given.</summary>
        /// <exception cref="CliException">The value is neither auto nor a whole number of at least 1 (usage error).</exception>
        public static TorchThreads? Parse(string? value)
        {
            if (value == null) return null;
            if (value == "auto") return TorchThreads.Automatic;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1) return TorchThreads.Fixed(count);
            throw CliException.Usage($"--threads takes auto or a whole number of at least 1, not '{value}'.");
        }
    }
}
