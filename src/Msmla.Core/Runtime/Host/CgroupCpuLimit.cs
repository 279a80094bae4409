using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Msmla.Core.Runtime.Host
{
    /// <summary>
    /// The CPU bandwidth limit of this process's control group (cgroup v2 <c>cpu.max</c>, v1 <c>cpu.cfs_quota_us</c> over
    /// <c>cpu.cfs_period_us</c>), as containers, Kubernetes CPU limits and systemd's <c>CPUQuota=</c> set it.
    /// </summary>
    /// <remarks>
    /// The group is found from <c>/proc/self/cgroup</c>, its directory from the matching mount in <c>/proc/self/mountinfo</c>
    /// (a container's mount root is taken off the group path); the tightest limit of the group and its ancestors up to the
    /// mount point counts. Files that are missing, unreadable or malformed count as no limit.
    /// </remarks>
    internal static class CgroupCpuLimit
    {
        /// <summary>
        /// The limit in cores (quota / period, for example 1.5), or null when there is none. <paramref name="root"/> is
        /// prepended to every path read (<c>/</c> on a real host; a directory with a fake <c>proc</c> and <c>sys</c> in tests).
        /// </summary>
        public static double? Read(string root = "/")
        {
            try
            {
                string cgroupFile = Under(root, "/proc/self/cgroup");
                string mountInfoFile = Under(root, "/proc/self/mountinfo");
                if (!File.Exists(cgroupFile) || !File.Exists(mountInfoFile)) return null;
                string[] groups = File.ReadAllLines(cgroupFile);
                Mount[] mounts = File.ReadAllLines(mountInfoFile).Select(Mount.Parse).OfType<Mount>().ToArray();
                double? limit = null;
                foreach (string line in groups)
                {
                    string[] fields = line.Split(':', 3);
                    if (fields.Length != 3) continue;
                    double? found;
                    if (fields[0] == "0" && fields[1].Length == 0)
                        found = Tightest(root, mounts.FirstOrDefault(m => m.FileSystem == "cgroup2"), fields[2], V2Limit);
                    else if (fields[1].Split(',').Contains("cpu"))
                        found = Tightest(root, mounts.FirstOrDefault(m => m.FileSystem == "cgroup" && m.SuperOptions.Contains("cpu")), fields[2], V1Limit);
                    else
                        continue;
                    if (found is double f && (limit is null || f < limit)) limit = f;
                }
                return limit;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static double? Tightest(string root, Mount? mount, string groupPath, Func<string, double?> limitOf)
        {
            if (mount is null) return null;
            string relative = groupPath.StartsWith(mount.Root, StringComparison.Ordinal) ? groupPath[mount.Root.Length..] : "";
            string top = Under(root, mount.MountPoint).TrimEnd('/');
            string directory = (top + "/" + relative.Trim('/')).TrimEnd('/');
            double? limit = null;
            for (int level = 0; level < 64 && directory.Length >= top.Length; level++)
            {
                if (limitOf(directory) is double l && (limit is null || l < limit)) limit = l;
                if (directory.Length == top.Length) break;
                directory = directory[..directory.LastIndexOf('/')];
            }
            return limit;
        }

        /// <summary>cgroup v2: <c>cpu.max</c> holds "max 100000" (no limit) or "quota period" in microseconds.</summary>
        private static double? V2Limit(string directory)
        {
            string? text = ReadSmall(Path.Combine(directory, "cpu.max"));
            if (text is null) return null;
            string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 ? Ratio(parts[0], parts[1]) : null;
        }

        /// <summary>cgroup v1: <c>cpu.cfs_quota_us</c> (-1 = no limit) over <c>cpu.cfs_period_us</c>.</summary>
        private static double? V1Limit(string directory)
        {
            string? quota = ReadSmall(Path.Combine(directory, "cpu.cfs_quota_us"));
            string? period = ReadSmall(Path.Combine(directory, "cpu.cfs_period_us"));
            return quota is null || period is null ? null : Ratio(quota, period);
        }

        private static double? Ratio(string quota, string period) =>
            long.TryParse(quota, NumberStyles.None, CultureInfo.InvariantCulture, out long q) && q > 0 &&
            long.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out long p) && p > 0
                ? (double)q / p
                : null;

        /// <summary>The trimmed first line of a small file, or null when it is missing or larger than a control file can be.</summary>
        private static string? ReadSmall(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            using var reader = new StreamReader(path, Encoding.ASCII);
            var buffer = new char[256];
            int read = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, read).Split('\n')[0].Trim();
        }

        private static string Under(string root, string absolute) => Path.Combine(root, absolute.TrimStart('/'));

        /// <summary>One line of <c>/proc/self/mountinfo</c>: "id parent major:minor root mount-point options [optional...] - type source super-options".</summary>
        private sealed record Mount(string Root, string MountPoint, string FileSystem, string[] SuperOptions)
        {
            public static Mount? Parse(string line)
            {
                string[] fields = line.Split(' ');
                int separator = Array.IndexOf(fields, "-");
                if (separator < 6 || fields.Length < separator + 4) return null;
                return new Mount(Unescape(fields[3]), Unescape(fields[4]), fields[separator + 1], fields[separator + 3].Split(','));
            }

            /// <summary>mountinfo writes space, tab, newline and backslash as octal escapes (\040 ...).</summary>
            private static string Unescape(string field)
            {
                if (!field.Contains('\\', StringComparison.Ordinal)) return field;
                var text = new StringBuilder(field.Length);
                for (int i = 0; i < field.Length; i++)
                {
                    if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
                    {
                        text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                        i += 3;
                    }
                    else
                    {
                        text.Append(field[i]);
                    }
                }
                return text.ToString();
            }

            private static bool IsOctal(char c) => c is >= '0' and <= '7';
        }
    }
}
