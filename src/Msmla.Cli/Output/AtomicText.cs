using System;
using System.IO;
using System.Text;

namespace Msmla.Cli.Output
{
    /// <summary>
    /// Writes the command's own text files (metrics CSVs, <c>run.json</c>, <c>model-options.json</c>) so that the final name
    /// holds either the previous file or the complete new one: the text goes to a hidden temporary file in the same
    /// directory, which is renamed over the destination, and removed when writing fails (a full disk, a kill aside).
    /// </summary>
    /// <remarks>
    /// The text goes through a stream rather than <see cref="File.WriteAllText(string, string)"/>: that preallocates the file
    /// and reports a full disk as an <see cref="IOException"/> without the operating system's error number, which
    /// <see cref="Infrastructure.DiskFull"/> could not tell from a damaged file.
    /// </remarks>
    internal static class AtomicText
    {
        private static readonly Encoding s_utf8 = new UTF8Encoding(false);

        /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark to <paramref name="path"/> and returns the path.</summary>
        public static string Write(string path, string text)
        {
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full) ?? ".";
            string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var writer = new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 12), s_utf8))
                    writer.Write(text);
                File.Move(temporary, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            return path;
        }
    }
}
