using System;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// The shape and storage of a file written by <see cref="So2SatWriter"/>. The defaults give the
    /// So2Sat LCZ42 layout (<c>sen1</c> N x 32 x 32 x 8, <c>sen2</c> N x 32 x 32 x 10, <c>label</c> N x 17,
    /// float64, contiguous); MSMLA-style files set, for example, 48-pixel patches, 13 Sentinel-2 channels
    /// and no Sentinel-1. A plain record: stores as JSON.
    /// </summary>
    public sealed record So2SatWriterOptions
    {
        /// <summary>The number of patches (fixed when the file is created).</summary>
        public long Count { get; init; }

        /// <summary>Patch height and width in pixels.</summary>
        public int PatchSize { get; init; } = 32;

        /// <summary>Channels of the Sentinel-2 dataset (0 = no such dataset).</summary>
        public int Sentinel2Channels { get; init; } = 10;

        /// <summary>Channels of the Sentinel-1 dataset (0 = no such dataset).</summary>
        public int Sentinel1Channels { get; init; } = 8;

        /// <summary>Width of the one-hot label rows.</summary>
        public int ClassCount { get; init; } = 17;

        /// <summary>Store patches as float32 instead of So2Sat's float64 (labels stay float64).</summary>
        public bool Float32 { get; init; }

        /// <summary>
        /// Compress with gzip (shuffle + deflate) in chunks of <see cref="ChunkPatches"/> patches. PureHDF 2.2
        /// writes each chunk once, when the file is completed, so compressed writing holds the uncompressed
        /// data in memory until <see cref="So2SatWriter.Complete"/> and needs the patches in order; uncompressed
        /// (contiguous) writing streams to disk in any order.
        /// </summary>
        public bool Compress { get; init; }

        /// <summary>Patches per chunk when <see cref="Compress"/> is set.</summary>
        public int ChunkPatches { get; init; } = 64;

        /// <summary>The Sentinel-2 dataset's name.</summary>
        public string Sentinel2Dataset { get; init; } = "sen2";

        /// <summary>The Sentinel-1 dataset's name.</summary>
        public string Sentinel1Dataset { get; init; } = "sen1";

        /// <summary>The label dataset's name.</summary>
        public string LabelDataset { get; init; } = "label";

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
        public So2SatWriterOptions Validate()
        {
            if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "A file needs at least one patch.");
            if (PatchSize < 1) throw new ArgumentOutOfRangeException(nameof(PatchSize), PatchSize, "The patch size must be positive.");
            if (Sentinel2Channels < 0 || Sentinel1Channels < 0 || Sentinel2Channels + Sentinel1Channels == 0)
                throw new ArgumentOutOfRangeException(nameof(Sentinel2Channels), "Channel counts cannot be negative and at least one sensor needs channels.");
            if (ClassCount < 1) throw new ArgumentOutOfRangeException(nameof(ClassCount), ClassCount, "The class count must be positive.");
            if (Compress && ChunkPatches < 1) throw new ArgumentOutOfRangeException(nameof(ChunkPatches), ChunkPatches, "Chunks hold at least one patch.");
            return this;
        }
    }
}
