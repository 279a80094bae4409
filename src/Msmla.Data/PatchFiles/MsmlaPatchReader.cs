using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Data.Hdf5;
using Msmla.Data.Pipeline;
using Msmla.Data.So2Sat;
using PureHDF.VOL.Native;

namespace Msmla.Data.PatchFiles
{
    /// <summary>
    /// Opens MSMLA patch files: the So2Sat layout with any patch size and channel count (the published
    /// files hold <c>sen2</c> N x 48 x 48 x 13: ten Sentinel-2 bands, OSM buildings, DSM height and a
    /// national land-cover map, and <c>label</c> N x 17), or per-date groups <c>"0"</c>, <c>"1"</c>, ...
    /// each holding the patch dataset, concatenated along channels in group order.
    /// </summary>
    public static class MsmlaPatchReader
    {
        private static readonly string[] s_ancillary = { "buildings", "height", "landcover" };

        /// <summary>Opens a file; the patch size and channel count come from the file.</summary>
        /// <exception cref="ArgumentException">A channel name is unknown or repeated, or <see cref="MsmlaReadOptions.ChannelNames"/> has the wrong length.</exception>
        /// <exception cref="PatchDataException">
        /// Datasets are missing, of the wrong rank, disagree in size, labels are not one-hot (or have another class count
        /// than <see cref="MsmlaReadOptions.ClassCount"/>), or the file is not HDF5; links loop or lead to other files
        /// (unless <see cref="MsmlaReadOptions.AllowExternalFiles"/>); a filter cannot be decoded; or values were never
        /// written (refused as missing data rather than read as HDF5's fill value; see <see cref="So2SatReader.Open"/>).
        /// </exception>
        public static Hdf5PatchSource Open(string path, MsmlaReadOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
        {
            options ??= new MsmlaReadOptions();
            logger ??= NullLogger.Instance;
            Hdf5Container container = Hdf5Container.Open(path, options.AllowExternalFiles, ": set MsmlaReadOptions.AllowExternalFiles to follow them");
            try
            {
                List<(string? Group, RowDataset Data)> dates = FindDates(container, options.DataDataset);
                RowDataset first = dates[0].Data;
                foreach ((string? group, RowDataset data) in dates.Skip(1))
                {
                    if (data.Rows != first.Rows || data.Dims[1] != first.Dims[1] || data.Dims[2] != first.Dims[2])
                        throw new PatchDataException(path, data.Path,
                            $"it has shape {data.ShapeText} but '{first.Path}' has {first.ShapeText}; per-date groups must share the patch count and size.");
                }
                var available = new List<(int Date, int Channel, string Name)>();
                for (int d = 0; d < dates.Count; d++)
                {
                    IReadOnlyList<string> names = ChannelNamesFor(dates[d].Data, options.ChannelNames);
                    for (int c = 0; c < names.Count; c++)
                        available.Add((d, c, dates[d].Group == null ? names[c] : $"{dates[d].Group}/{names[c]}"));
                }
                List<(int Date, int Channel, string Name)> selected = Select(available, options.Channels);
                var parts = new List<PatchPart>();
                for (int d = 0; d < dates.Count; d++)
                {
                    var source = new List<int>();
                    var target = new List<int>();
                    for (int i = 0; i < selected.Count; i++)
                    {
                        if (selected[i].Date != d) continue;
                        source.Add(selected[i].Channel);
                        target.Add(i);
                    }
                    if (source.Count > 0) parts.Add(new PatchPart(dates[d].Data, source, target));
                }
                string labelPath = options.LabelDataset;
                if (container.FindDataset(labelPath) == null && dates[0].Group != null && container.FindDataset($"{dates[0].Group}/{labelPath}") != null)
                    labelPath = $"{dates[0].Group}/{labelPath}";
                LabelTable? labels = So2SatReader.ReadLabels(container, labelPath, options.RequireLabels, options.ClassCount, first, cancellationToken);
                var layout = new PatchLayout(parts, selected.Select(s => s.Name).ToArray());
                return new Hdf5PatchSource(container, layout, labels, options.NonFinite, options.CacheInMemory, options.ReadThreads, null, logger, cancellationToken);
            }
            catch
            {
                container.Dispose();
                throw;
            }
        }

        private static List<(string? Group, RowDataset Data)> FindDates(Hdf5Container container, string dataName)
        {
            if (container.FindDataset(dataName) != null)
                return new List<(string?, RowDataset)> { (null, OpenPatches(container, dataName)) };
            var groups = new List<(int Number, string Name)>();
            foreach (string name in container.ChildNames(""))
            {
                if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && container.FindGroup(name) is NativeGroup)
                    groups.Add((number, name));
            }
            if (groups.Count == 0)
                throw new PatchDataException(container.Path, dataName,
                    $"the patch dataset is missing, and there are no per-date groups \"0\", \"1\", ... holding one; the file holds {container.DescribeDatasets()}.");
            return groups.OrderBy(g => g.Number)
                .Select(g => ((string?)g.Name, OpenPatches(container, $"{g.Name}/{dataName}")))
                .ToList();
        }

        private static RowDataset OpenPatches(Hdf5Container container, string datasetPath)
        {
            RowDataset dataset = RowDataset.Open(container, datasetPath, "patch");
            if (dataset.Rank != 4)
                throw new PatchDataException(container.Path, datasetPath,
                    $"patch data has shape {dataset.ShapeText} (rank {dataset.Rank}); expected N x height x width x channels, channels last.");
            if (dataset.Dims[1] == 0 || dataset.Dims[2] == 0 || dataset.Dims[3] == 0)
                throw new PatchDataException(container.Path, datasetPath, $"patch data has shape {dataset.ShapeText}: empty patches.");
            return dataset;
        }

        private static IReadOnlyList<string> ChannelNamesFor(RowDataset data, IReadOnlyList<string>? overrides)
        {
            int channels = (int)data.Dims[3];
            if (overrides != null)
            {
                if (overrides.Count != channels)
                    throw new ArgumentException($"ChannelNames has {overrides.Count} names but '{data.Path}' has {channels} channels.", nameof(overrides));
                return overrides;
            }
            if (channels == So2SatBands.Sentinel2.Count) return So2SatBands.Sentinel2;
            if (channels == So2SatBands.Sentinel2.Count + s_ancillary.Length) return So2SatBands.Sentinel2.Concat(s_ancillary).ToArray();
            return Enumerable.Range(1, channels).Select(i => "ch" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        private static List<(int, int, string)> Select(List<(int Date, int Channel, string Name)> available, IReadOnlyList<string>? wanted)
        {
            if (wanted == null) return available;
            if (wanted.Count == 0) throw new ArgumentException("No channels selected.", nameof(wanted));
            var selected = new List<(int, int, string)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in wanted)
            {
                int found = available.FindIndex(a => string.Equals(a.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (found < 0)
                    throw new ArgumentException($"'{name}' is not a channel of this file; it has {string.Join(", ", available.Select(a => a.Name))}.", nameof(wanted));
                if (!seen.Add(available[found].Name)) throw new ArgumentException($"Channel '{name}' is selected twice.", nameof(wanted));
                selected.Add(available[found]);
            }
            return selected;
        }
    }
}
