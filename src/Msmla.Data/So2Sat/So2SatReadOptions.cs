using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.So2Sat
{
    /// <summary>How to read a So2Sat LCZ42 file (versions 2 and 3). A plain record: stores as JSON in a recipe.</summary>
    public sealed record So2SatReadOptions
    {
        /// <summary>The sensor(s) to read when <see cref="Bands"/> is null; also the sensors <see cref="Bands"/> may name.</summary>
        public SensorModality Modality { get; init; } = SensorModality.Sentinel2;

        /// <summary>
        /// The bands to read, by name and in the order wanted (for example LCZNet's B2..B8, B11, B12, B8A);
        /// null reads all bands of <see cref="Modality"/>. See <see cref="So2SatBands"/> for the names.
        /// </summary>
        public IReadOnlyList<string>? Bands { get; init; }

        /// <summary>A version-4 geolocation sidecar (<c>*_geo.h5</c> with <c>epsg</c>, <c>tfw</c>, <c>city</c>) to join by index, or null.</summary>
        public string? GeolocationPath { get; init; }

        /// <summary>
        /// Threads reading batches in parallel while prefetching (each reads whole batches; the batches and
        /// their order do not depend on it). Two by default: reading then overlaps with converting when a
        /// core is free, and a reader that is ahead of the model just waits, so it costs no extra CPU time.
        /// </summary>
        public int ReadThreads { get; init; } = 2;

        /// <summary>What to do with NaN or infinite values.</summary>
        public NonFiniteHandling NonFinite { get; init; } = NonFiniteHandling.Fail;

        /// <summary>Load the selected bands into memory at open (float32: half the file's float64 size); for files that fit.</summary>
        public bool CacheInMemory { get; init; }

        /// <summary>Whether a missing label dataset is an error (true) or gives an unlabelled source (false).</summary>
        public bool RequireLabels { get; init; } = true;

        /// <summary>The Sentinel-2 dataset's path.</summary>
        public string Sentinel2Dataset { get; init; } = "sen2";

        /// <summary>The Sentinel-1 dataset's path.</summary>
        public string Sentinel1Dataset { get; init; } = "sen1";

        /// <summary>The one-hot label dataset's path.</summary>
        public string LabelDataset { get; init; } = "label";
    }
}
