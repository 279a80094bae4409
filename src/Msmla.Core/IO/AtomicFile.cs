using System;
using System.IO;
using System.Text;
using System.Threading;

namespace Msmla.Core.IO
{
    /// <summary>
    /// Writes a file so that readers see either the old file or the complete new one, never a partial write: the content
    /// goes to a temporary file in the destination's directory (a name of its own for every write, so two writers of one
    /// output never share it), which is then renamed over the destination. The temporary file is removed on every failure.
    /// The Msmla assemblies write their files through here (except the synthetic split writer, which renames three files
    /// together, and the native library patcher, which is also compiled into the netstandard2.0 build task).
    /// Large outputs (GeoTIFF maps and scenes) use the stream overload, which also flushes to disk and can refuse to replace.
    /// </summary>
    internal static class AtomicFile
    {
        /// <summary>
        /// Runs <paramref name="write"/> on a new temporary path in the directory of <paramref name="path"/>, then renames
        /// it over <paramref name="path"/>. When several writers finish at the same time, the file is one of their
        /// complete contents.
        /// </summary>
        /// <param name="path">The destination; its directory must exist.</param>
        /// <param name="write">Writes the complete content to the path it is given (which does not exist yet).</param>
        /// <exception cref="DirectoryNotFoundException">The destination's directory does not exist.</exception>
        public static void Write(string path, Action<string> write)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentNullException.ThrowIfNull(write);
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full) ?? ".";
            if (!Directory.Exists(directory))
                throw new DirectoryNotFoundException($"Cannot write {full}: the directory {directory} does not exist.");
            string temporary = TemporaryPath(full);
            try
            {
                write(temporary);
                File.Move(temporary, full, overwrite: true);
            }
            finally
            {
                RemoveQuietly(temporary);
            }
        }

        /// <summary>
        /// Writes through a stream on a new temporary file beside <paramref name="path"/> (its directory is created), flushed
        /// to disk before the rename. Without <paramref name="overwrite"/> an existing destination is refused, also when it
        /// appears while writing. Cancellation after <paramref name="write"/> returns leaves nothing behind.
        /// </summary>
        /// <exception cref="IOException">The destination exists (or appeared) and <paramref name="overwrite"/> is false.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public static void Write(string path, bool overwrite, Action<FileStream> write, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentNullException.ThrowIfNull(write);
            string full = Path.GetFullPath(path);
            if (!overwrite && File.Exists(full))
                throw new IOException($"{full} exists; set Overwrite to replace it.");
            Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
            string temporary = TemporaryPath(full);
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                {
                    write(stream);
                    cancellationToken.ThrowIfCancellationRequested();
                    stream.Flush(flushToDisk: true);
                }
                try
                {
                    File.Move(temporary, full, overwrite);
                }
                catch (IOException) when (!overwrite && File.Exists(full))
                {
                    throw new IOException($"{full} appeared while it was being written; set Overwrite to replace it.");
                }
            }
            finally
            {
                RemoveQuietly(temporary);
            }
        }

        /// <summary>
        /// Writes <paramref name="contents"/> as UTF-8 without a byte-order mark (or in <paramref name="encoding"/>), through
        /// a stream: <see cref="File.WriteAllText(string, string)"/> preallocates the file and reports a full disk as an
        /// <see cref="IOException"/> without the operating system's error number (ENOSPC), which callers then cannot tell
        /// from any other failure.
        /// </summary>
        public static void WriteAllText(string path, string contents, Encoding? encoding = null) => Write(path, temporary =>
        {
            using var writer = new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 12), encoding ?? new UTF8Encoding(false));
            writer.Write(contents);
        });

        /// <summary>Writes <paramref name="bytes"/>, through a stream for the reason given at <see cref="WriteAllText"/>.</summary>
        public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            stream.Write(bytes);
        });

        /// <summary>Removes a leftover temporary file; a failure to remove it does not hide the error that left it.</summary>
        private static void RemoveQuietly(string temporary)
        {
            try
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        /// <summary>A new hidden name beside <paramref name="full"/>: ".&lt;name&gt;.&lt;random&gt;.tmp".</summary>
        private static string TemporaryPath(string full) =>
            Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }
}
