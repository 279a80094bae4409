using System;
using System.IO.Compression;

namespace Msmla.Data.Scenes
{
    /// <summary>How <see cref="LczMapWriter"/> writes a map.</summary>
    public sealed record MapWriteOptions
    {
        /// <summary>The defaults: a Cloud Optimized GeoTIFF with 256 x 256 tiles; an existing file is refused.</summary>
        public static MapWriteOptions Default { get; } = new();

        /// <summary>Whether an existing file is replaced (default false: refused).</summary>
        public bool Overwrite { get; init; }

        /// <summary>
        /// True (default): a Cloud Optimized GeoTIFF with internal overviews. False: a plain tiled GeoTIFF
        /// without overviews, such as one array job's block of map rows, to be merged later.
        /// </summary>
        public bool CloudOptimized { get; init; } = true;

        /// <summary>The tile width and height: a multiple of 16 from 16 to 4096 (default 256; 512 is also common).</summary>
        public int TileSize { get; init; } = 256;

        /// <summary>How probabilities are stored (default uint8 percent).</summary>
        public ProbabilityEncoding ProbabilityEncoding { get; init; } = ProbabilityEncoding.Percent;

        /// <summary>When the file is a BigTIFF (default: only when it would pass 4 GB).</summary>
        public BigTiffMode BigTiff { get; init; } = BigTiffMode.IfNeeded;

        /// <summary>The Deflate level of the tiles (default Optimal).</summary>
        public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;

        internal void Validate()
        {
            if (TileSize < 16 || TileSize > 4096 || TileSize % 16 != 0)
                throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "The tile size must be a multiple of 16 from 16 to 4096.");
            if (!Enum.IsDefined(ProbabilityEncoding)) throw new ArgumentOutOfRangeException(nameof(ProbabilityEncoding), ProbabilityEncoding, "Unknown encoding.");
            if (!Enum.IsDefined(BigTiff)) throw new ArgumentOutOfRangeException(nameof(BigTiff), BigTiff, "Unknown mode.");
        }
    }
}
