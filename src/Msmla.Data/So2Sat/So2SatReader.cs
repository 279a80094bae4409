using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.Data;
using Msmla.Core.Lcz;
using Msmla.Core.Preprocessing;
using Msmla.Data.Hdf5;
using Msmla.Data.Pipeline;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// Opens So2Sat LCZ42 files (versions 2 and 3: <c>sen1</c> N x 32 x 32 x 8, <c>sen2</c> N x 32 x 32 x 10,
    /// <c>label</c> N x 17 one-hot, float64, channels last) as streamed <see cref="IPatchSource"/>s.
    /// </summary>
    public static class So2SatReader
    {
        private const string ExternalFilesHint = ": set So2SatReadOptions.AllowExternalFiles to follow them";

        /// <summary>Opens a file for reading batches of the chosen bands; labels become 0-based class indices.</summary>
        /// <param name="path">The file, for example <c>training.h5</c>.</param>
        /// <param name="options">Bands, sidecar, checks and caching; defaults to all Sentinel-2 bands.</param>
        /// <param name="logger">Receives how the file is read and non-finite reports.</param>
        /// <param name="cancellationToken">Stops reading labels (and filling the cache) at open.</param>
        /// <exception cref="ArgumentException">A band name is unknown, repeated, or not of the chosen modality.</exception>
        /// <exception cref="PatchDataException">
        /// A dataset is missing, has the wrong shape, the lengths disagree, labels are not one-hot or have another class
        /// count than <see cref="So2SatReadOptions.ClassCount"/>, or the file is not HDF5 or truncated. Also, with the
        /// problem named: links that loop; links or values in other files (unless <see cref="So2SatReadOptions.AllowExternalFiles"/>);
        /// a filter PureHDF cannot decode (LZF, Blosc, ...: named as unsupported, not as damage); and values never
        /// written. HDF5 returns a dataset's fill value for storage that was never written, so a file whose writer stopped
        /// early would read as patches of zeros: such a file is refused as missing data instead, at open when no value or
        /// the first or last patch was written, else when a batch reaches a chunk that was not (reading then throws this
        /// exception).
        /// </exception>
        public static Hdf5PatchSource Open(string path, So2SatReadOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
        {
            options ??= new So2SatReadOptions();
            logger ??= NullLogger.Instance;
            List<(SensorModality Modality, int Channel, string Name)> bands = ResolveBands(options);
            Hdf5Container container = Hdf5Container.Open(path, options.AllowExternalFiles, ExternalFilesHint);
            try
            {
                var parts = new List<PatchPart>();
                RowDataset? sen2 = null;
                RowDataset? sen1 = null;
                if (bands.Any(b => b.Modality == SensorModality.Sentinel2))
                {
                    sen2 = OpenPatches(container, options.Sentinel2Dataset, "Sentinel-2", So2SatBands.Sentinel2);
                    parts.Add(Part(sen2, bands, SensorModality.Sentinel2));
                }
                if (bands.Any(b => b.Modality == SensorModality.Sentinel1))
                {
                    sen1 = OpenPatches(container, options.Sentinel1Dataset, "Sentinel-1", So2SatBands.Sentinel1);
                    parts.Add(Part(sen1, bands, SensorModality.Sentinel1));
                }
                if (sen1 != null && sen2 != null) CheckSameGrid(sen2, sen1);
                RowDataset first = parts[0].Dataset;
                LabelTable? labels = ReadLabels(container, options.LabelDataset, options.RequireLabels, options.ClassCount, first, cancellationToken);
                PatchGeolocationTable? geolocation = options.GeolocationPath == null ? null : PatchGeolocationTable.Open(options.GeolocationPath, first.Rows);
                var layout = new PatchLayout(parts, bands.Select(b => b.Name).ToArray());
                return new Hdf5PatchSource(container, layout, labels, options.NonFinite, options.CacheInMemory, options.ReadThreads, geolocation, logger, cancellationToken);
            }
            catch
            {
                container.Dispose();
                throw;
            }
        }

        /// <summary>Streams a file's one-hot label dataset into 0-based labels (checking every row), without touching the image data.</summary>
        /// <exception cref="PatchDataException">The dataset is missing, not N x classes, or a row is not one-hot.</exception>
        public static int[] ReadLabels(string path, string labelDataset = "label", CancellationToken cancellationToken = default)
        {
            using Hdf5Container container = Hdf5Container.Open(path);
            return LabelTable.Read(RowDataset.Open(container, labelDataset, "label"), cancellationToken).Labels;
        }

        /// <summary>Patches per class of a file's label dataset, by streaming it (feed the result to <see cref="ClassWeights.Balanced"/>).</summary>
        public static long[] CountClasses(string path, string labelDataset = "label", CancellationToken cancellationToken = default)
        {
            using Hdf5Container container = Hdf5Container.Open(path);
            return LabelTable.Read(RowDataset.Open(container, labelDataset, "label"), cancellationToken).Counts;
        }

        internal static RowDataset OpenPatches(Hdf5Container container, string datasetPath, string sensor, IReadOnlyList<string> bandNames)
        {
            RowDataset dataset = RowDataset.Open(container, datasetPath, sensor);
            if (dataset.Rank != 4)
                throw new PatchDataException(container.Path, datasetPath,
                    $"{sensor} data has shape {dataset.ShapeText} (rank {dataset.Rank}); expected N x height x width x {bandNames.Count}, channels last.");
            if ((int)dataset.Dims[3] != bandNames.Count)
                throw new PatchDataException(container.Path, datasetPath,
                    $"{sensor} data has shape {dataset.ShapeText}: {dataset.Dims[3]} channels, expected {bandNames.Count} ({string.Join(", ", bandNames)}).");
            if (dataset.Dims[1] == 0 || dataset.Dims[2] == 0)
                throw new PatchDataException(container.Path, datasetPath, $"{sensor} data has shape {dataset.ShapeText}: empty patches.");
            return dataset;
        }

        internal static LabelTable? ReadLabels(Hdf5Container container, string labelPath, bool required, int? classCount, RowDataset data,
            CancellationToken cancellationToken)
        {
            if (!required && container.FindDataset(labelPath) == null) return null;
            RowDataset labels = RowDataset.Open(container, labelPath, "label");
            if (labels.Rank == 2 && labels.Rows != data.Rows)
                throw new PatchDataException(container.Path, labelPath,
                    $"there are {labels.Rows:N0} labels but '{data.Path}' has {data.Rows:N0} patches; the lengths must match.");
            if (labels.Rank == 2 && classCount is int expected && labels.Dims[1] != (ulong)expected)
                throw new PatchDataException(container.Path, labelPath,
                    $"the labels have {labels.Dims[1]} columns (one per class) but {expected} classes are expected" +
                    (expected == LczClasses.Count ? " (the 17 LCZ classes)" : "") +
                    "; a class column is missing or extra, or the file uses another class scheme (set the read options' ClassCount to read it).");
            return LabelTable.Read(labels, cancellationToken);
        }

        private static void CheckSameGrid(RowDataset sen2, RowDataset sen1)
        {
            if (sen1.Rows != sen2.Rows)
                throw new PatchDataException(sen1.FilePath, sen1.Path,
                    $"it has {sen1.Rows:N0} patches but '{sen2.Path}' has {sen2.Rows:N0}; the lengths must match.");
            if (sen1.Dims[1] != sen2.Dims[1] || sen1.Dims[2] != sen2.Dims[2])
                throw new PatchDataException(sen1.FilePath, sen1.Path,
                    $"its patches are {sen1.Dims[1]}x{sen1.Dims[2]} but those of '{sen2.Path}' are {sen2.Dims[1]}x{sen2.Dims[2]}.");
        }

        private static PatchPart Part(RowDataset dataset, List<(SensorModality Modality, int Channel, string Name)> bands, SensorModality modality)
        {
            var source = new List<int>();
            var target = new List<int>();
            for (int i = 0; i < bands.Count; i++)
            {
                if (bands[i].Modality != modality) continue;
                source.Add(bands[i].Channel);
                target.Add(i);
            }
            return new PatchPart(dataset, source, target);
        }

        private static List<(SensorModality, int, string)> ResolveBands(So2SatReadOptions options)
        {
            if (options.Modality is not (SensorModality.Sentinel2 or SensorModality.Sentinel1 or SensorModality.Both))
                throw new ArgumentException($"So2Sat files hold Sentinel-2 (sen2) and Sentinel-1 (sen1) data: the modality {options.Modality} is not a So2Sat choice.", nameof(options));
            IReadOnlyList<string> names = options.Bands ?? So2SatBands.For(options.Modality);
            if (names.Count == 0) throw new ArgumentException("No bands selected.", nameof(options));
            var resolved = new List<(SensorModality, int, string)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
            {
                if (!So2SatBands.TryFind(name, out SensorModality modality, out int channel))
                    throw new ArgumentException(
                        $"'{name}' is not a So2Sat band; Sentinel-2: {string.Join(", ", So2SatBands.Sentinel2)}; Sentinel-1: {string.Join(", ", So2SatBands.Sentinel1)}.", nameof(options));
                if (options.Modality != SensorModality.Both && modality != options.Modality)
                    throw new ArgumentException($"Band '{name}' is {modality} data but the modality is {options.Modality}; choose Both to mix sensors.", nameof(options));
                if (!seen.Add(name.Trim())) throw new ArgumentException($"Band '{name}' is selected twice.", nameof(options));
                IReadOnlyList<string> canonical = modality == SensorModality.Sentinel2 ? So2SatBands.Sentinel2 : So2SatBands.Sentinel1;
                resolved.Add((modality, channel, canonical[channel]));
            }
            return resolved;
        }
    }
}
