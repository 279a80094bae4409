using System;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>
    /// Decides which libstdc++ version requirements of a native library may be marked weak on a
    /// host whose libstdc++ lacks them, and applies that change to the file's bytes.
    /// </summary>
    /// <remarks>
    /// Only versions listed in <see cref="Relaxable"/> are ever touched, and only when every dynamic
    /// symbol bound to the version is one of the listed marker symbols. <c>GLIBCXX_3.4.32</c> (GCC 13)
    /// is such a version: its only symbol, <c>std::ios_base_library_init()</c>, is a marker that makes
    /// the linker order iostream initialisation and has no behaviour of its own.
    /// </remarks>
    internal static class MarkerVersionPatch
    {
        /// <summary>The versions that may be weakened and the only symbols they may carry.</summary>
        public static readonly IReadOnlyDictionary<string, string[]> Relaxable = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["GLIBCXX_3.4.32"] = new[] { "_ZSt21ios_base_library_initv" },
        };

        /// <summary>
        /// Returns the requirements to weaken so that <paramref name="image"/> loads against a
        /// libstdc++ defining <paramref name="hostVersions"/>; empty when it already loads.
        /// </summary>
        /// <exception cref="NativeCompatibilityException">A missing version cannot be relaxed safely.</exception>
        public static IReadOnlyList<ElfVersionRequirement> Plan(ElfImage image, ICollection<string> hostVersions, string fileName)
        {
            var toWeaken = new List<ElfVersionRequirement>();
            foreach (ElfVersionRequirement need in image.VersionRequirements)
            {
                if (!need.Library.StartsWith("libstdc++.so", StringComparison.Ordinal)) continue;
                if (need.IsWeak || hostVersions.Contains(need.Name)) continue;
                if (!Relaxable.TryGetValue(need.Name, out string[]? allowed))
                {
                    throw new NativeCompatibilityException(
                        $"{fileName} needs {need.Name} from {need.Library}, which this system's libstdc++ does not provide, " +
                        "and that version carries real functions, so it cannot be relaxed. Install a newer libstdc++ " +
                        "(for example from GCC 13 or later) or use a distribution that ships one.");
                }
                IReadOnlyList<string> symbols = image.SymbolsWithVersion(need.Index);
                string[] unexpected = symbols.Where(s => Array.IndexOf(allowed, s) < 0).ToArray();
                if (unexpected.Length > 0)
                {
                    throw new NativeCompatibilityException(
                        $"{fileName} binds {string.Join(", ", unexpected)} to {need.Name}; only the marker symbol(s) " +
                        $"{string.Join(", ", allowed)} are known to be safe without that version. Refusing to patch.");
                }
                toWeaken.Add(need);
            }
            return toWeaken;
        }

        /// <summary>Sets <c>VER_FLG_WEAK</c> on each requirement, in place.</summary>
        public static void Apply(byte[] bytes, IEnumerable<ElfVersionRequirement> requirements)
        {
            foreach (ElfVersionRequirement need in requirements)
            {
                ushort flags = (ushort)(need.Flags | ElfVersionRequirement.WeakFlag);
                bytes[need.FlagsOffset] = (byte)(flags & 0xff);
                bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);
            }
        }
    }
}
