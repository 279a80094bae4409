using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>What <see cref="NativeLibraryPatcher"/> found or did.</summary>
    internal enum NativePatchOutcome
    {
        /// <summary>The host already provides every version the library needs; nothing was written.</summary>
        NotNeeded,

        /// <summary>The library was written with the listed requirements made weak.</summary>
        Patched,
    }

    /// <summary>Reads a native library, relaxes marker-version requirements the host lacks, and writes the result atomically.</summary>
    internal static class NativeLibraryPatcher
    {
        /// <summary>
        /// Examines <paramref name="source"/> against the host versions and, when a change is needed,
        /// writes the patched library to <paramref name="destination"/> (which may equal the source:
        /// the file is then replaced by rename, never written through, so hard links into a package
        /// cache keep the original bytes).
        /// </summary>
        /// <returns>The outcome and the names of the versions made weak.</returns>
        public static (NativePatchOutcome Outcome, IReadOnlyList<string> Weakened) Patch(string source, string destination, ICollection<string> hostVersions)
        {
            byte[] bytes = File.ReadAllBytes(source);
            IReadOnlyList<ElfVersionRequirement> plan = Analyze(bytes, source, hostVersions);
            if (plan.Count == 0) return (NativePatchOutcome.NotNeeded, Array.Empty<string>());
            MarkerVersionPatch.Apply(bytes, plan);
            WriteAtomically(destination, bytes);
            return (NativePatchOutcome.Patched, plan.Select(p => p.Name).ToArray());
        }

        /// <summary>The requirements that would be weakened for this host; empty when the library loads as is.</summary>
        public static IReadOnlyList<ElfVersionRequirement> Analyze(byte[] bytes, string name, ICollection<string> hostVersions)
            => MarkerVersionPatch.Plan(ElfImage.Parse(bytes, name), hostVersions, name);

        /// <summary>Writes to a temporary file in the destination directory, then renames it over the destination.</summary>
        public static void WriteAtomically(string destination, byte[] bytes)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
            string temporary = Path.Combine(directory, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
                if (File.Exists(destination))
                {
                    File.Replace(temporary, destination, null);
                }
                else
                {
                    File.Move(temporary, destination);
                }
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }
}
