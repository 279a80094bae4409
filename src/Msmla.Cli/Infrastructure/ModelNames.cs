using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Models;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The command-line names of the architectures (<c>msmla-18</c>, <c>sen2lcz-net-mf</c>, ...) and their parsing.</summary>
    internal static class ModelNames
    {
        private static readonly Dictionary<LczArchitecture, string> Ids = new()
        {
            [LczArchitecture.Msmla18] = "msmla-18",
            [LczArchitecture.Msmla50] = "msmla-50",
            [LczArchitecture.Sen2LczNet] = "sen2lcz-net",
            [LczArchitecture.Sen2LczNetMf] = "sen2lcz-net-mf",
            [LczArchitecture.RosentreterCnn] = "rosentreter-cnn",
            [LczArchitecture.LczNet] = "lcznet",
        };

        /// <summary>Every architecture with its command-line name, in declaration order.</summary>
        public static IReadOnlyList<(LczArchitecture Architecture, string Id)> All { get; } =
            Enum.GetValues<LczArchitecture>().Select(a => (a, IdOf(a))).ToArray();

        /// <summary>The command-line name of an architecture.</summary>
        public static string IdOf(LczArchitecture architecture) =>
            Ids.TryGetValue(architecture, out string? id) ? id : architecture.ToString().ToLowerInvariant();

        /// <summary>
        /// The architecture a name denotes: the command-line name, the enum name or the display name, in any case and
        /// with or without dashes (<c>msmla-18</c>, <c>Msmla18</c>, <c>MSMLA-18</c>).
        /// </summary>
        /// <exception cref="CliException">No architecture has that name (usage error; the message lists the valid names).</exception>
        public static LczArchitecture Parse(string name)
        {
            string key = Normalize(name);
            foreach ((LczArchitecture architecture, string id) in All)
            {
                if (key == Normalize(id) || key == Normalize(architecture.ToString()) || key == Normalize(LczModels.Describe(architecture).Name))
                    return architecture;
            }
            throw CliException.Usage($"'{name}' is not a model; valid models: {string.Join(", ", All.Select(a => a.Id))}.");
        }

        private static string Normalize(string text) =>
            new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }
}
