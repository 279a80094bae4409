using System;
using System.IO;
using System.Threading;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Writes a file atomically: into a temporary file with a unique name in the same directory, flushed to
    /// disk, then renamed over the destination. The temporary file is removed on every failure and on
    /// cancellation. Without <c>overwrite</c> an existing destination is refused, also when it appears while writing.
    /// </summary>
    internal static class AtomicFile
    {
        public static void Write(string path, bool overwrite, Action<FileStream> write, CancellationToken cancellationToken)
        {
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full) ?? ".";
            if (!overwrite && File.Exists(full))
                throw new IOException($"{full} exists; set Overwrite to replace it.");
            Directory.CreateDirectory(directory);
            string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
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
                try
                {
                    if (File.Exists(temporary)) File.Delete(temporary);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
