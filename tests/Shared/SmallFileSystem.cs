using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Msmla.Tests.Shared
{
    /// <summary>
    /// A tmpfs of a few kilobytes or megabytes mounted on a new temporary directory, so that a test can fill a real disk
    /// (the kernel reports ENOSPC as it would for a full drive). Needs Linux and the right to mount (root, or CAP_SYS_ADMIN in
    /// a container); the test is skipped with the reason otherwise. Unmounted and removed on dispose.
    /// </summary>
    internal sealed class SmallFileSystem : IDisposable
    {
        private SmallFileSystem(string path) => Path = path;

        /// <summary>The mount point.</summary>
        public string Path { get; }

        /// <summary>A path on the file system.</summary>
        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes (rounded up to whole pages by the kernel), or skips the test.</summary>
        public static SmallFileSystem Mount(long bytes)
        {
            Requirement.Host(OperatingSystem.IsLinux(), "filling a disk uses a tmpfs mount (Linux)");
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "msmla-full-disk-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            (int code, string error) = Run("mount", "-t", "tmpfs", "-o", Size(bytes), "tmpfs", path);
            if (code != 0)
            {
                Directory.Delete(path);
                Requirement.Host(false, $"cannot mount a tmpfs to fill a disk (needs root or CAP_SYS_ADMIN): {error.Trim()}");
            }
            return new SmallFileSystem(path);
        }

        /// <summary>
        /// Fills the file system with a file named <paramref name="name"/> until the kernel reports it full, so that the next
        /// write of any size fails with ENOSPC (creating empty files and directories still succeeds on a tmpfs).
        /// </summary>
        public void Fill(string name = "filler")
        {
            using var stream = new FileStream(File(name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            var block = new byte[4096];
            try
            {
                while (true) stream.Write(block);
            }
            catch (IOException)
            {
                // Full: what was written stays; the rest of the last block is dropped when the stream is closed.
            }
        }

        /// <summary>Changes the size of the mounted file system (its files stay).</summary>
        public void Resize(long bytes)
        {
            (int code, string error) = Run("mount", "-o", "remount," + Size(bytes), Path);
            if (code != 0) throw new InvalidOperationException($"remounting {Path} failed: {error}");
        }

        public void Dispose()
        {
            Run("umount", Path);
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static string Size(long bytes) => "size=" + bytes.ToString(CultureInfo.InvariantCulture);

        private static (int Code, string Error) Run(string command, params string[] arguments)
        {
            try
            {
                ProcessOutcome outcome = TestProcess.Run(TestProcess.StartInfo(command, arguments), TimeSpan.FromMinutes(1));
                return (outcome.ExitCode, outcome.StandardError);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (-1, e.Message);
            }
        }
    }
}
