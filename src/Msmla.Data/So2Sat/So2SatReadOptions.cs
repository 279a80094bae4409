using System.Collections.Generic;
using Msmla.Core.Lcz;
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

        /// <summary>
        /// The number of classes the labels must have (columns of the one-hot label dataset): 17 by default, the LCZ
        /// classes of So2Sat LCZ42, so that a file with a column too few or too many is refused as such; null accepts any.
        /// </summary>
        public int? ClassCount { get; init; } = LczClasses.Count;

        /// <summary>
        /// Whether the file may lead to other files: external links (followed to the files they name, looked for as the
        /// HDF5 library does: HDF5_EXT_PREFIX, then the file's directory), external storage and virtual datasets. False by
        /// default: such a file is refused, naming the link, since opening a file should not read others unasked.
        /// </summary>
        public bool AllowExternalFiles { get; init; }
    }
}
