using System;
using System.IO;

namespace Msmla.Plotting
{
    /// <summary>Checks image sizes and writes encoded PNG bytes to files and streams.</summary>
    internal static class PngOutput
    {
        /// <summary>The smallest side in pixels a plot accepts.</summary>
        public const int MinimumSide = 200;

        /// <summary>The largest side in pixels a plot accepts.</summary>
        public const int MaximumSide = 10000;

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a side outside <see cref="MinimumSide"/> to <see cref="MaximumSide"/>.</summary>
        public static void CheckSize(int width, int height)
        {
            if (width < MinimumSide || width > MaximumSide)
                throw new ArgumentOutOfRangeException(nameof(width), width, $"The image width must be {MinimumSide} to {MaximumSide} pixels.");
            if (height < MinimumSide || height > MaximumSide)
                throw new ArgumentOutOfRangeException(nameof(height), height, $"The image height must be {MinimumSide} to {MaximumSide} pixels.");
        }

        /// <summary>Writes <paramref name="png"/> to <paramref name="path"/> (creating its directory), through a temporary file so that a reader never sees half an image.</summary>
        public static void Write(byte[] png, string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string full = Path.GetFullPath(path);
            string? directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            string temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                // Not File.WriteAllBytes: it preallocates and reports a full disk without the error number (ENOSPC).
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                    stream.Write(png);
                File.Move(temporary, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        /// <summary>Writes <paramref name="png"/> to <paramref name="stream"/> at its current position.</summary>
        public static void Write(byte[] png, Stream stream)
        {
            ArgumentNullException.ThrowIfNull(stream);
            if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
            stream.Write(png, 0, png.Length);
            stream.Flush();
        }
    }
}
