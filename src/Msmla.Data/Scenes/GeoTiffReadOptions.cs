using System;

namespace Msmla.Data.Scenes
{
    /// <summary>Limits and decoding threads for <see cref="GeoTiffRaster"/> and <see cref="GeoTiffScene"/>.</summary>
    public sealed record GeoTiffReadOptions
    {
        /// <summary>The defaults.</summary>
        public static GeoTiffReadOptions Default { get; } = new();

        /// <summary>
        /// The largest tile or strip the reader decodes, in decoded bytes (also the limit on a compressed
        /// block and on one tag's values). A file with larger blocks is refused. Default 256 MB.
        /// Uncompressed strips are read in pieces, so they are not bound by it.
        /// </summary>
        public long MaxBlockBytes { get; init; } = 256L << 20;

        /// <summary>
        /// The largest row of tiles (all bands) the reader keeps decoded between calls. A file whose tile
        /// rows are larger is refused. Default 1 GB.
        /// </summary>
        public long MaxBlockRowBytes { get; init; } = 1L << 30;

        /// <summary>
        /// Threads that decode the tiles of one tile row at once (1: on the calling thread). Default 1; the
        /// mapper's model usually wants the other cores.
        /// </summary>
        public int DecodeThreads { get; init; } = 1;

        internal void Validate()
        {
            if (MaxBlockBytes < 1 || MaxBlockBytes > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(MaxBlockBytes), MaxBlockBytes, $"Must be 1 to {Array.MaxLength} (a block is decoded into one array).");
            if (MaxBlockRowBytes < MaxBlockBytes)
                throw new ArgumentOutOfRangeException(nameof(MaxBlockRowBytes), MaxBlockRowBytes, $"Must be at least MaxBlockBytes ({MaxBlockBytes}).");
            if (DecodeThreads < 1) throw new ArgumentOutOfRangeException(nameof(DecodeThreads), DecodeThreads, "Must be at least 1.");
        }
    }
}
