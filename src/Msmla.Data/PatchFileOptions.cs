using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Data
{
    /// <summary>How <see cref="PatchFile.Open"/> reads a patch file of either layout: which channels, and how.</summary>
    public sealed record PatchFileOptions
    {
        /// <summary>The file layout. Default So2Sat LCZ42.</summary>
        public PatchFileLayout Layout { get; init; } = PatchFileLayout.So2Sat;

        /// <summary>
        /// The bands (So2Sat) or channels (MSMLA) by name, in the order to deliver them; null = <see cref="Modality"/>'s
        /// bands (So2Sat) or every channel (MSMLA).
        /// </summary>
        public IReadOnlyList<string>? Bands { get; init; }

        /// <summary>
        /// The So2Sat sensor(s): the bands read when <see cref="Bands"/> is null, and the sensors <see cref="Bands"/> may come
        /// from; null = inferred from <see cref="Bands"/> (Sentinel-2 when they are null). Ignored for MSMLA files.
        /// </summary>
        public SensorModality? Modality { get; init; }

        /// <summary>Refuse a file without labels (true, the default) or read it with labels -1.</summary>
        public bool RequireLabels { get; init; } = true;

        /// <summary>Load the selected channels into memory at open (float32).</summary>
        public bool CacheInMemory { get; init; }

        /// <summary>Background reader threads. Default 2.</summary>
        public int ReadThreads { get; init; } = 2;

        /// <summary>
        /// The number of classes the labels must have (one column each); null = the layout's default (17 for So2Sat LCZ42,
        /// any for MSMLA files).
        /// </summary>
        public int? ClassCount { get; init; }

        /// <summary>Whether the file may lead to other files (external links, external storage, virtual datasets); refused by default.</summary>
        public bool AllowExternalFiles { get; init; }

        /// <summary>What to do with NaN or infinite values. Default <see cref="NonFiniteHandling.Fail"/>.</summary>
        public NonFiniteHandling NonFinite { get; init; } = NonFiniteHandling.Fail;
    }
}
