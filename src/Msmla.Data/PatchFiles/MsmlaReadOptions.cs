using System.Collections.Generic;

namespace Msmla.Data.PatchFiles
{
    /// <summary>How to read an MSMLA patch file. A plain record: stores as JSON in a recipe.</summary>
    public sealed record MsmlaReadOptions
    {
        /// <summary>The patch dataset's name (at the root, or inside each per-date group).</summary>
        public string DataDataset { get; init; } = "sen2";

        /// <summary>The one-hot label dataset (at the root, else inside the first per-date group).</summary>
        public string LabelDataset { get; init; } = "label";

        /// <summary>
        /// Names for the channels of one date, overriding the defaults (10 channels: B2..B12; 13: those
        /// plus <c>buildings</c>, <c>height</c>, <c>landcover</c>; otherwise <c>ch1</c>..). Length = the file's channels.
        /// </summary>
        public IReadOnlyList<string>? ChannelNames { get; init; }

        /// <summary>
        /// The channels to read, by name and in the order wanted; null reads all. With per-date groups
        /// the names are prefixed by the group, for example <c>0/B4</c>, <c>2/height</c>.
        /// </summary>
        public IReadOnlyList<string>? Channels { get; init; }

        /// <summary>
        /// Threads reading batches in parallel while prefetching (each reads whole batches; the batches and
        /// their order do not depend on it). Two by default: reading then overlaps with converting when a
        /// core is free, and a reader that is ahead of the model just waits, so it costs no extra CPU time.
        /// </summary>
        public int ReadThreads { get; init; } = 2;

        /// <summary>What to do with NaN or infinite values.</summary>
        public NonFiniteHandling NonFinite { get; init; } = NonFiniteHandling.Fail;

        /// <summary>Load the selected channels into memory at open; for files that fit.</summary>
        public bool CacheInMemory { get; init; }

        /// <summary>Whether a missing label dataset is an error (true) or gives an unlabelled source (false).</summary>
        public bool RequireLabels { get; init; } = true;

        /// <summary>
        /// The number of classes the labels must have (columns of the one-hot label dataset), or null (the default) to
        /// accept any: set 17 for the LCZ scheme, so that a file with a column too few or too many is refused as such.
        /// </summary>
        public int? ClassCount { get; init; }

        /// <summary>
        /// Whether the file may lead to other files: external links (followed to the files they name, looked for as the
        /// HDF5 library does: HDF5_EXT_PREFIX, then the file's directory), external storage and virtual datasets. False by
        /// default: such a file is refused, naming the link, since opening a file should not read others unasked.
        /// </summary>
        public bool AllowExternalFiles { get; init; }
    }
}
