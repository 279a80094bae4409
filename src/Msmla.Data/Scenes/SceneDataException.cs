using System;
using System.IO;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// A GeoTIFF scene cannot be used as it is: the message names the file, the item (a band, a tag,
    /// a tile, another file) when the problem is in one, and the problem (missing or unnamed bands, an
    /// unsupported sample type or compression, no georeferencing, files on different grids, a truncated
    /// or crafted file, ...).
    /// </summary>
    public sealed class SceneDataException : IOException
    {
        /// <summary>Creates the exception for a problem in <paramref name="filePath"/>.</summary>
        /// <param name="filePath">The file.</param>
        /// <param name="item">The item in the file (such as "tile 12" or "band 'B8A'"), or null when the problem is the file itself.</param>
        /// <param name="problem">What is wrong, as a sentence.</param>
        /// <param name="innerException">The underlying error, if any.</param>
        public SceneDataException(string filePath, string? item, string problem, Exception? innerException = null)
            : base(Format(filePath, item, problem), innerException)
        {
            FilePath = filePath;
            Item = item;
            Problem = problem;
        }

        /// <summary>The file with the problem.</summary>
        public string FilePath { get; }

        /// <summary>The item in the file (a band, a tag, a tile, ...), or null when the problem concerns the whole file.</summary>
        public string? Item { get; }

        /// <summary>The problem, without the file and item names.</summary>
        public string Problem { get; }

        private static string Format(string filePath, string? item, string problem) =>
            item == null ? $"{filePath}: {problem}" : $"{filePath}, {item}: {problem}";
    }
}
