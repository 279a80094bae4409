using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// A scene of named bands on one grid: one multi-band GeoTIFF, or one file per band as Sentinel-2
    /// products ship them (resampled by the user to a common grid). Band names come from the files' band
    /// descriptions or from <see cref="SceneBandSource"/> mappings. Files of a scene must share size,
    /// geotransform and CRS; a scene is refused otherwise, naming the difference.
    /// </summary>
    /// <example>
    /// <code>
    /// using GeoTiffScene scene = GeoTiffScene.Open(new[]
    /// {
    ///     new SceneBandSource("B2", "T33UUP_B02_10m.tif"), new SceneBandSource("B3", "T33UUP_B03_10m.tif"), ...
    /// });
    /// SceneBandSelection bands = scene.SelectBands(So2SatBands.Sentinel2);
    /// var block = new float[bands.Count * 320 * scene.Width];
    /// scene.ReadRows(0, 320, bands, block);   // [band][row][column]
    /// </code>
    /// </example>
    /// <remarks>Not thread-safe, like <see cref="GeoTiffRaster"/>.</remarks>
    public sealed class GeoTiffScene : IDisposable
    {
        private readonly GeoTiffRaster[] _files;
        private readonly Dictionary<string, (GeoTiffRaster Raster, int Band)> _bands;
        private readonly List<string> _names;
        private readonly int _unnamed;
        private bool _disposed;

        private GeoTiffScene(GeoTiffRaster[] files, Dictionary<string, (GeoTiffRaster, int)> bands, List<string> names, int unnamed)
        {
            _files = files;
            _bands = bands;
            _names = names;
            _unnamed = unnamed;
            Grid = files[0].Grid;
        }

        /// <summary>The files of the scene, in the order given.</summary>
        public IReadOnlyList<GeoTiffRaster> Files => _files;

        /// <summary>The band names, in file order then band order.</summary>
        public IReadOnlyList<string> BandNames => _names;

        /// <summary>The width in pixels.</summary>
        public int Width => Grid.Width;

        /// <summary>The height in pixels.</summary>
        public int Height => Grid.Height;

        /// <summary>The geotransform and GeoKeys (of every file).</summary>
        public GeoReferencing GeoReferencing => Grid.GeoReferencing;

        /// <summary>Size, geotransform and CRS.</summary>
        public RasterGrid Grid { get; }

        /// <summary>Opens one GeoTIFF whose bands are named by their descriptions (GDAL_METADATA).</summary>
        /// <inheritdoc cref="Open(IEnumerable{string}, GeoTiffReadOptions?, ILogger?)"/>
        public static GeoTiffScene Open(string path, GeoTiffReadOptions? options = null, ILogger? logger = null) =>
            Open(new[] { path ?? throw new ArgumentNullException(nameof(path)) }, options, logger);

        /// <summary>
        /// Opens GeoTIFFs whose bands are named by their descriptions (GDAL_METADATA); bands without a
        /// description are left out (name them with <see cref="Open(IEnumerable{SceneBandSource}, GeoTiffReadOptions?, ILogger?)"/>).
        /// </summary>
        /// <exception cref="SceneDataException">
        /// A file cannot be read, no band has a name, two bands share a name, or the files are not on one grid.
        /// </exception>
        public static GeoTiffScene Open(IEnumerable<string> paths, GeoTiffReadOptions? options = null, ILogger? logger = null)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            string[] list = paths.ToArray();
            if (list.Length == 0) throw new ArgumentException("A scene needs at least one file.", nameof(paths));
            GeoTiffRaster[] files = OpenAll(list, options, logger);
            try
            {
                RequireSameGrid(files);
                var bands = new Dictionary<string, (GeoTiffRaster, int)>(StringComparer.OrdinalIgnoreCase);
                var names = new List<string>();
                int unnamed = 0;
                foreach (GeoTiffRaster file in files)
                {
                    for (int band = 0; band < file.BandCount; band++)
                    {
                        string? name = file.BandDescriptions[band];
                        if (name == null)
                        {
                            unnamed++;
                            continue;
                        }
                        if (bands.TryGetValue(name, out (GeoTiffRaster Raster, int Band) other))
                            throw new SceneDataException(file.Path, $"band {band}",
                                $"is named '{name}', like band {other.Band} of {other.Raster.Path}; band names must be unique in a scene.");
                        bands.Add(name, (file, band));
                        names.Add(name);
                    }
                }
                if (names.Count == 0)
                    throw new SceneDataException(files[0].Path, null,
                        $"no band of the scene's {files.Length} file(s) has a name (a DESCRIPTION in GDAL_METADATA); name the bands with SceneBandSource (name, file, band index).");
                return new GeoTiffScene(files, bands, names, unnamed);
            }
            catch
            {
                foreach (GeoTiffRaster file in files) file.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Opens GeoTIFFs whose bands are named by <paramref name="bandNames"/>, in file order then band order (for files
        /// without band descriptions, such as Sentinel-2 band files exported without them). Descriptions in the files are not used.
        /// </summary>
        /// <exception cref="ArgumentException">No file or no name is given, or two names are the same.</exception>
        /// <exception cref="SceneDataException">A file cannot be read, the files have another number of bands than names, or they are not on one grid.</exception>
        public static GeoTiffScene Open(IEnumerable<string> paths, IReadOnlyList<string> bandNames, GeoTiffReadOptions? options = null, ILogger? logger = null)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            if (bandNames == null) throw new ArgumentNullException(nameof(bandNames));
            string[] list = paths.ToArray();
            if (list.Length == 0) throw new ArgumentException("A scene needs at least one file.", nameof(paths));
            var sources = new List<SceneBandSource>();
            int total = 0;
            foreach (string path in list)
            {
                int count;
                using (GeoTiffRaster raster = GeoTiffRaster.Open(path, options, logger)) count = raster.BandCount;
                for (int band = 0; band < count; band++, total++)
                    if (total < bandNames.Count) sources.Add(new SceneBandSource(bandNames[total], path, band));
            }
            if (total != bandNames.Count)
                throw new SceneDataException(list[0], null,
                    $"the scene's {list.Length} file(s) have {total} band(s) but {bandNames.Count} band names were given ({string.Join(",", bandNames)}).");
            return Open(sources, options, logger);
        }

        /// <summary>
        /// Opens a scene whose bands are named by the caller: each source names one band of one file (a file
        /// may give several bands; it is opened once). Band descriptions in the files are not used.
        /// </summary>
        /// <exception cref="ArgumentException">No band is given, or two share a name.</exception>
        /// <exception cref="SceneDataException">A file cannot be read, has no such band, or the files are not on one grid.</exception>
        public static GeoTiffScene Open(IEnumerable<SceneBandSource> bands, GeoTiffReadOptions? options = null, ILogger? logger = null)
        {
            if (bands == null) throw new ArgumentNullException(nameof(bands));
            SceneBandSource[] sources = bands.ToArray();
            if (sources.Length == 0) throw new ArgumentException("A scene needs at least one band.", nameof(bands));
            foreach (IGrouping<string, SceneBandSource> same in sources.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
                if (same.Count() > 1)
                    throw new ArgumentException($"Band name '{same.Key}' is given {same.Count()} times; band names must be unique in a scene.", nameof(bands));

            string[] paths = sources.Select(s => Path.GetFullPath(s.FilePath)).Distinct(StringComparer.Ordinal).ToArray();
            GeoTiffRaster[] files = OpenAll(paths, options, logger);
            try
            {
                RequireSameGrid(files);
                var byPath = files.ToDictionary(f => Path.GetFullPath(f.Path), StringComparer.Ordinal);
                var map = new Dictionary<string, (GeoTiffRaster, int)>(StringComparer.OrdinalIgnoreCase);
                var names = new List<string>();
                foreach (SceneBandSource source in sources)
                {
                    GeoTiffRaster file = byPath[Path.GetFullPath(source.FilePath)];
                    if (source.BandIndex >= file.BandCount)
                        throw new SceneDataException(file.Path, $"band {source.BandIndex}",
                            $"does not exist (the file has {file.BandCount} band(s), 0 to {file.BandCount - 1}); it was given as band '{source.Name}'.");
                    map.Add(source.Name, (file, source.BandIndex));
                    names.Add(source.Name);
                }
                return new GeoTiffScene(files, map, names, unnamed: 0);
            }
            catch
            {
                foreach (GeoTiffRaster file in files) file.Dispose();
                throw;
            }
        }

        /// <summary>Whether the scene has a band of this name (without regard to case).</summary>
        public bool HasBand(string name) => _bands.ContainsKey(name ?? throw new ArgumentNullException(nameof(name)));

        /// <summary>Resolves band names, in the order wanted, for <see cref="ReadRows"/>.</summary>
        /// <exception cref="ArgumentException">No name is given.</exception>
        /// <exception cref="SceneDataException">A band is missing (all missing names are listed, with the scene's names).</exception>
        public SceneBandSelection SelectBands(IEnumerable<string> names)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (names == null) throw new ArgumentNullException(nameof(names));
            string[] wanted = names.ToArray();
            if (wanted.Length == 0) throw new ArgumentException("Select at least one band.", nameof(names));
            string[] missing = wanted.Where(n => n == null || !_bands.ContainsKey(n)).Select(n => n ?? "(null)").ToArray();
            if (missing.Length > 0)
            {
                string unnamed = _unnamed > 0 ? $"; {_unnamed} band(s) have no name (name them with SceneBandSource)" : "";
                throw new SceneDataException(_files[0].Path, missing.Length == 1 ? $"band '{missing[0]}'" : "bands " + string.Join(", ", missing.Select(m => $"'{m}'")),
                    $"{(missing.Length == 1 ? "is" : "are")} not in the scene, which has {string.Join(", ", _names)}{unnamed}.");
            }
            var groups = new List<(GeoTiffRaster Raster, List<int> Bands, List<int> Planes)>();
            var noData = new double?[wanted.Length];
            for (int i = 0; i < wanted.Length; i++)
            {
                (GeoTiffRaster raster, int band) = _bands[wanted[i]];
                noData[i] = raster.NoData;
                int g = groups.FindIndex(x => ReferenceEquals(x.Raster, raster));
                if (g < 0)
                {
                    groups.Add((raster, new List<int>(), new List<int>()));
                    g = groups.Count - 1;
                }
                groups[g].Bands.Add(band);
                groups[g].Planes.Add(i);
            }
            return new SceneBandSelection(this, wanted, noData, groups.Select(x => (x.Raster, x.Bands.ToArray(), x.Planes.ToArray())).ToArray());
        }

        /// <summary>Resolves band names, in the order wanted; see <see cref="SelectBands(IEnumerable{string})"/>.</summary>
        public SceneBandSelection SelectBands(params string[] names) => SelectBands((IEnumerable<string>)names);

        /// <summary>
        /// Reads rows of the selected bands as float32 into <paramref name="destination"/>, laid out
        /// [band][row][column] in the selection's order.
        /// </summary>
        /// <param name="firstRow">The first row (0-based).</param>
        /// <param name="rowCount">The number of rows.</param>
        /// <param name="bands">Bands selected from this scene.</param>
        /// <param name="destination">At least bands x rowCount x <see cref="Width"/> values.</param>
        /// <exception cref="ArgumentException">The selection belongs to another scene, or the destination is too short.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The rows are outside the scene.</exception>
        /// <exception cref="SceneDataException">A tile or strip is truncated or cannot be decoded.</exception>
        public void ReadRows(int firstRow, int rowCount, SceneBandSelection bands, Span<float> destination)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (bands == null) throw new ArgumentNullException(nameof(bands));
            if (!ReferenceEquals(bands.Scene, this)) throw new ArgumentException("The band selection was made for another scene.", nameof(bands));
            long needed = (long)bands.Count * rowCount * Width;
            if (rowCount >= 0 && destination.Length < needed)
                throw new ArgumentException($"The destination holds {destination.Length} values; {bands.Count} band(s) x {rowCount} rows x {Width} columns need {needed}.", nameof(destination));
            foreach ((GeoTiffRaster raster, int[] fileBands, int[] planes) in bands.Groups)
                raster.ReadRows(firstRow, rowCount, fileBands, destination, planes);
        }

        /// <summary>
        /// Checks that scenes lie on the same grid (size, geotransform to a millionth of a pixel, CRS), as
        /// several dates of one place must for a multi-temporal model.
        /// </summary>
        /// <exception cref="SceneDataException">A scene differs from the first (the message names its first file and what differs).</exception>
        public static void RequireSameGrid(IEnumerable<GeoTiffScene> scenes)
        {
            if (scenes == null) throw new ArgumentNullException(nameof(scenes));
            RequireSameGrid(scenes.Select(s => s.Files[0]).ToArray());
        }

        /// <summary>Closes the files.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            foreach (GeoTiffRaster file in _files) file.Dispose();
        }

        private static void RequireSameGrid(IReadOnlyList<GeoTiffRaster> files)
        {
            for (int i = 1; i < files.Count; i++)
            {
                string? difference = files[i].Grid.DescribeDifference(files[0].Grid);
                if (difference != null)
                    throw new SceneDataException(files[i].Path, null, $"is not on the grid of {files[0].Path}: {difference}.");
            }
        }

        private static GeoTiffRaster[] OpenAll(string[] paths, GeoTiffReadOptions? options, ILogger? logger)
        {
            var files = new List<GeoTiffRaster>();
            try
            {
                foreach (string path in paths) files.Add(GeoTiffRaster.Open(path, options, logger));
                return files.ToArray();
            }
            catch
            {
                foreach (GeoTiffRaster file in files) file.Dispose();
                throw;
            }
        }
    }
}
