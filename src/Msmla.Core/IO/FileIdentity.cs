using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Msmla.Core.IO
{
    /// <summary>
    /// Whether two paths name the same file, by identity rather than spelling: relative paths, <c>..</c>, symbolic links
    /// anywhere in the path and (on Linux) hard links are seen through. Commands use it to refuse an output that is one of
    /// their inputs.
    /// </summary>
    public static class FileIdentity
    {
        /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are the same file (a path that does not exist is the same as another only by its resolved spelling).</summary>
        public static bool IsSameFile(string a, string b)
        {
            ArgumentException.ThrowIfNullOrEmpty(a);
            ArgumentException.ThrowIfNullOrEmpty(b);
            string x = Resolve(a), y = Resolve(b);
            StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (string.Equals(x, y, comparison)) return true;
            return File.Exists(x) && File.Exists(y) && Inode(x) is { } ix && Inode(y) is { } iy && ix == iy;
        }

        /// <summary>
        /// The absolute path with every symbolic link resolved, component by component (the components that do not exist are
        /// kept as written).
        /// </summary>
        public static string Resolve(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string full = Path.GetFullPath(path);
            string? root = Path.GetPathRoot(full);
            string current = string.IsNullOrEmpty(root) ? "" : root;
            string[] parts = full[current.Length..].Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < parts.Length; i++)
            {
                string next = Path.Combine(current, parts[i]);
                FileSystemInfo? info = Directory.Exists(next) ? new DirectoryInfo(next) : File.Exists(next) ? new FileInfo(next) : null;
                if (info?.LinkTarget != null)
                {
                    FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
                    if (target != null)
                    {
                        // The target may itself lie under links: resolve it, then go on with the rest of the path.
                        string rest = Path.Combine(parts[(i + 1)..]);
                        string resolvedTarget = string.Equals(target.FullName, next, StringComparison.Ordinal) ? next : Resolve(target.FullName);
                        return rest.Length == 0 ? resolvedTarget : Resolve(Path.Combine(resolvedTarget, rest));
                    }
                }
                current = next;
            }
            return current;
        }

        /// <summary>The (device, inode) of a file on Linux, or null elsewhere or when it cannot be read.</summary>
        private static (ulong Device, ulong Inode)? Inode(string path)
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return null;
            try
            {
                // struct stat begins with st_dev and st_ino, both 64-bit, on x86-64 and AArch64 Linux.
                Span<byte> buffer = stackalloc byte[256];
                unsafe
                {
                    fixed (byte* p = buffer)
                    {
                        if (Stat(path, p) != 0) return null;
                    }
                }
                return (BitConverter.ToUInt64(buffer[..8]), BitConverter.ToUInt64(buffer.Slice(8, 8)));
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
        }

        [DllImport("libc", EntryPoint = "stat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern unsafe int Stat(string path, byte* buffer);
    }
}
