using System;
using System.IO;
using System.Text;

namespace Msmla.Models.Weights
{
    /// <summary>Writes a file so that readers see either the old file or the complete new one, never a partial write.</summary>
    internal static class AtomicFile
    {
        /// <summary>
        /// Runs <paramref name="write"/> on a temporary path in the destination's directory, then renames it over
        /// <paramref name="path"/>. The temporary file is removed when writing fails.
        /// </summary>
        public static void Write(string path, Action<string> write)
        {
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full) ?? ".";
            if (!Directory.Exists(directory))
                throw new DirectoryNotFoundException($"Cannot write {full}: the directory {directory} does not exist.");
            string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            try
            {
                write(temporary);
                File.Move(temporary, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        /// <summary>
        /// Writes <paramref name="text"/> as UTF-8 without a byte-order mark to <paramref name="path"/> like
        /// <see cref="Write"/>. Through a stream, not <see cref="File.WriteAllText(string, string)"/>: that preallocates the
        /// file and reports a full disk as an <see cref="IOException"/> without the operating system's error number (ENOSPC),
        /// so applications could not tell a full disk from any other failure.
        /// </summary>
        public static void WriteText(string path, string text) => Write(path, temporary =>
        {
            using var writer = new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 12), new UTF8Encoding(false));
            writer.Write(text);
        });
    }
}
