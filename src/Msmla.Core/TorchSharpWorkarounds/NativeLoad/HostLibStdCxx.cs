using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>Finds the libstdc++ that native libraries will bind to on this Linux host, and the versions it defines.</summary>
    internal static class HostLibStdCxx
    {
        private const string FileName = "libstdc++.so.6";

        private static readonly string[] StandardDirectories =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>
        /// The path of the libstdc++ this process uses: the one already mapped into it (the .NET host
        /// links libstdc++), else the first found on LD_LIBRARY_PATH, the ld.so.conf directories and
        /// the standard directories. Null when none is found.
        /// </summary>
        public static string? Locate()
        {
            string? mapped = FindMapped();
            if (mapped != null) return mapped;
            return SearchDirectories().Select(d => Path.Combine(d, FileName)).FirstOrDefault(File.Exists);
        }

        /// <summary>The version names defined by the libstdc++ at <paramref name="path"/>.</summary>
        public static HashSet<string> ReadVersions(string path)
        {
            ElfImage image = ElfImage.Parse(File.ReadAllBytes(path), path);
            return new HashSet<string>(image.VersionDefinitions, StringComparer.Ordinal);
        }

        /// <summary>Paths of the files mapped into this process whose name starts with <paramref name="fileName"/>.</summary>
        internal static IEnumerable<string> MappedFiles(string fileName)
        {
            const string maps = "/proc/self/maps";
            if (!File.Exists(maps)) yield break;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string line in File.ReadLines(maps))
            {
                int slash = line.IndexOf('/');
                if (slash < 0) continue;
                string path = line.Substring(slash).Trim();
                if (path.EndsWith(" (deleted)", StringComparison.Ordinal)) continue;
                if (Path.GetFileName(path).StartsWith(fileName, StringComparison.Ordinal) && seen.Add(path)) yield return path;
            }
        }

        private static string? FindMapped() => MappedFiles("libstdc++.so").FirstOrDefault();

        private static IEnumerable<string> SearchDirectories()
        {
            string? ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ldPath))
            {
                foreach (string d in ldPath!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries)) yield return d;
            }
            foreach (string d in LdSoConfDirectories("/etc/ld.so.conf", 0)) yield return d;
            foreach (string d in StandardDirectories) yield return d;
        }

        private static IEnumerable<string> LdSoConfDirectories(string file, int depth)
        {
            if (depth > 8 || !File.Exists(file)) yield break;
            foreach (string raw in File.ReadAllLines(file))
            {
                string line = raw.Split('#')[0].Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith("include ", StringComparison.Ordinal))
                {
                    string pattern = line.Substring("include ".Length).Trim();
                    string dir = Path.GetDirectoryName(pattern) ?? "/etc";
                    if (!Path.IsPathRooted(dir)) dir = Path.Combine("/etc", dir);
                    if (!Directory.Exists(dir)) continue;
                    foreach (string included in Directory.GetFiles(dir, Path.GetFileName(pattern)).OrderBy(f => f, StringComparer.Ordinal))
                    {
                        foreach (string d in LdSoConfDirectories(included, depth + 1)) yield return d;
                    }
                }
                else if (line.StartsWith("/", StringComparison.Ordinal))
                {
                    yield return line;
                }
            }
        }
    }
}
