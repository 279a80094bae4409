using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Data.Scenes.TiffFormat;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// One GeoTIFF opened for reading in row blocks: tiled or striped, pixel-interleaved or band-separate,
    /// uint8, uint16, int16 or float32 samples, uncompressed, LZW or Deflate (with predictor 1, 2 or 3),
    /// classic TIFF or BigTIFF, either byte order. The first image of the file is read (overviews are
    /// ignored). A file without georeferencing (geotransform and CRS) is refused when opened.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="ReadRows(int, int, ReadOnlySpan{int}, Span{float})"/> decodes the tiles or strips that
    /// intersect the requested rows and keeps the last decoded row of tiles (only the bands asked for, when
    /// band-separate), so consecutive row blocks decode every tile once and memory stays at one row of
    /// tiles whatever the image size. The directory is parsed by LibTiff.NET after the reader has checked
    /// that it stays within the file and the limits of <see cref="GeoTiffReadOptions"/>; tiles are read
    /// with positional reads and decoded by the reader itself (zlib from System.IO.Compression, its own
    /// LZW), about 2.5 times faster than LibTiff.NET's own decoders on Deflate tiles. LibTiff.NET's messages go to
    /// the logger (warnings) or into the <see cref="SceneDataException"/> (errors), never to the console.
    /// </para>
    /// <para>An instance is not thread-safe: read from one thread at a time.</para>
    /// </remarks>
    public sealed class GeoTiffRaster : IDisposable
    {
        private readonly FileStream _stream;
        private readonly TiffStructure _s;
        private readonly TiffBlockDecoder _decoder;
        private readonly GeoTiffReadOptions _options;
        private readonly string?[] _descriptions;
        private readonly byte[]?[,] _blocks;
        private readonly bool[] _planeDecoded;
        private int _cachedBlockRow = -1;
        private bool _disposed;

        private GeoTiffRaster(string path, FileStream stream, TiffStructure structure, GeoReferencing geo, string?[] descriptions, double? noData, GeoTiffReadOptions options)
        {
            Path = path;
            _stream = stream;
            _s = structure;
            _options = options;
            _descriptions = descriptions;
            NoData = noData;
            GeoReferencing = geo;
            Grid = new RasterGrid(structure.Width, structure.Height, geo);
            _decoder = new TiffBlockDecoder(structure, stream.SafeFileHandle, path, noData);
            _blocks = new byte[structure.Planes, structure.BlocksAcross][];
            _planeDecoded = new bool[structure.Planes];
        }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>The width in pixels.</summary>
        public int Width => _s.Width;

        /// <summary>The height in pixels.</summary>
        public int Height => _s.Height;

        /// <summary>The number of bands (TIFF samples per pixel).</summary>
        public int BandCount => _s.SamplesPerPixel;

        /// <summary>The type of the stored samples (read as float32 whatever it is).</summary>
        public RasterSampleType SampleType => _s.SampleType;

        /// <summary>
        /// Each band's description (GDAL_METADATA <c>DESCRIPTION</c> item, such as "B2"), by 0-based band;
        /// null for a band without one.
        /// </summary>
        public IReadOnlyList<string?> BandDescriptions => _descriptions;

        /// <summary>The nodata value (GDAL_NODATA), or null when the file declares none. Values are returned as stored, nodata included.</summary>
        public double? NoData { get; }

        /// <summary>The geotransform and GeoKeys.</summary>
        public GeoReferencing GeoReferencing { get; }

        /// <summary>The EPSG code of the CRS, or null when it is user-defined.</summary>
        public int? EpsgCode => GeoReferencing.EpsgCode;

        /// <summary>Size, geotransform and CRS, to compare with other rasters.</summary>
        public RasterGrid Grid { get; }

        /// <summary>How the file stores its pixels.</summary>
        public GeoTiffLayout Layout => _s.Layout;

        /// <summary>Opens a GeoTIFF and reads its structure, band descriptions, nodata value and georeferencing.</summary>
        /// <param name="path">The file.</param>
        /// <param name="options">Limits and decoding threads; <see cref="GeoTiffReadOptions.Default"/> when null.</param>
        /// <param name="logger">Receives LibTiff.NET's warnings and the reader's notes; nothing is logged when null.</param>
        /// <exception cref="SceneDataException">
        /// The file does not exist or is a directory, is not a TIFF, is truncated or crafted beyond the limits, has an unsupported sample type,
        /// compression or predictor, or has no georeferencing (the message names which).
        /// </exception>
        public static GeoTiffRaster Open(string path, GeoTiffReadOptions? options = null, ILogger? logger = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            options ??= GeoTiffReadOptions.Default;
            options.Validate();
            logger ??= NullLogger.Instance;
            if (Directory.Exists(path)) throw new SceneDataException(path, null, "it is a directory, not a GeoTIFF.");
            if (!File.Exists(path)) throw new SceneDataException(path, null, "the file does not exist.");
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
            try
            {
                TiffStructure structure = TiffStructureReader.Read(path, stream, options, logger);
                GeoReferencing geo = GeoTiffGeoreferencing.Read(structure, path);
                string?[] descriptions;
                try
                {
                    descriptions = GdalMetadata.ReadDescriptions(structure.GdalMetadata, structure.SamplesPerPixel);
                }
                catch (XmlException e)
                {
                    logger.LogWarning("{File}: GDAL_METADATA is not well-formed XML ({Message}); the bands are read without descriptions.", path, e.Message);
                    descriptions = new string?[structure.SamplesPerPixel];
                }
                double? noData = GdalMetadata.ParseNoData(structure.GdalNoData);
                if (noData == null && !string.IsNullOrWhiteSpace(structure.GdalNoData))
                    logger.LogWarning("{File}: GDAL_NODATA '{Text}' is not a number; the file is read without a nodata value.", path, structure.GdalNoData);
                return new GeoTiffRaster(path, stream, structure, geo, descriptions, noData, options);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Reads rows of all bands as float32, laid out [band][row][column].</summary>
        /// <inheritdoc cref="ReadRows(int, int, ReadOnlySpan{int}, Span{float})"/>
        public void ReadRows(int firstRow, int rowCount, Span<float> destination)
        {
            Span<int> all = BandCount <= 256 ? stackalloc int[BandCount] : new int[BandCount];
            for (int i = 0; i < all.Length; i++) all[i] = i;
            ReadRows(firstRow, rowCount, all, destination);
        }

        /// <summary>
        /// Reads rows <paramref name="firstRow"/> to <paramref name="firstRow"/> + <paramref name="rowCount"/> - 1
        /// of the given bands as float32 into <paramref name="destination"/>, laid out [band][row][column] with
        /// the bands in the order given (a band may appear twice).
        /// </summary>
        /// <param name="firstRow">The first row (0-based).</param>
        /// <param name="rowCount">The number of rows.</param>
        /// <param name="bands">0-based band indices.</param>
        /// <param name="destination">At least bands x rowCount x <see cref="Width"/> values.</param>
        /// <exception cref="ArgumentOutOfRangeException">The rows or a band are outside the image.</exception>
        /// <exception cref="ArgumentException">The destination is too short.</exception>
        /// <exception cref="SceneDataException">A tile or strip is truncated or cannot be decoded (named in the message).</exception>
        public void ReadRows(int firstRow, int rowCount, ReadOnlySpan<int> bands, Span<float> destination)
        {
            Span<int> planes = bands.Length <= 256 ? stackalloc int[bands.Length] : new int[bands.Length];
            for (int i = 0; i < planes.Length; i++) planes[i] = i;
            ReadRows(firstRow, rowCount, bands, destination, planes);
        }

        /// <summary>As the public overload, but band <c>i</c> goes to plane <c>destinationPlanes[i]</c> of the destination.</summary>
        internal void ReadRows(int firstRow, int rowCount, ReadOnlySpan<int> bands, Span<float> destination, ReadOnlySpan<int> destinationPlanes)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (firstRow < 0 || firstRow > Height)
                throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow, $"The image has {Height} rows.");
            if (rowCount < 0 || rowCount > Height - firstRow)
                throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, $"Rows {firstRow} to {(long)firstRow + rowCount - 1} are outside the image's {Height} rows.");
            int planeCount = 0;
            foreach (int band in bands)
                if ((uint)band >= (uint)BandCount)
                    throw new ArgumentOutOfRangeException(nameof(bands), band, $"The image has bands 0 to {BandCount - 1}.");
            foreach (int plane in destinationPlanes) planeCount = Math.Max(planeCount, plane + 1);
            long planeSize = (long)rowCount * Width;
            if (destination.Length < planeCount * planeSize)
                throw new ArgumentException($"The destination holds {destination.Length} values; {planeCount} band(s) x {rowCount} rows x {Width} columns need {planeCount * planeSize}.", nameof(destination));
            if (rowCount == 0 || bands.IsEmpty) return;

            int blockHeight = _s.BlockHeight, blockWidth = _s.BlockWidth, width = Width;
            int bytesPerPixel = _s.SamplesPerBlockPixel * _s.BytesPerSample;
            int stride = _s.SamplesPerBlockPixel;
            int lastRow = firstRow + rowCount - 1;
            for (int blockRow = firstRow / blockHeight; blockRow <= lastRow / blockHeight; blockRow++)
            {
                DecodeBlockRow(blockRow, bands);
                int top = blockRow * blockHeight;
                int rowStart = Math.Max(firstRow, top), rowEnd = Math.Min(lastRow + 1, top + _s.RowsInBlock(blockRow));
                for (int i = 0; i < bands.Length; i++)
                {
                    int band = bands[i];
                    int plane = _s.IsBandSeparate ? band : 0, sample = _s.IsBandSeparate ? 0 : band;
                    Span<float> target = destination.Slice((int)(destinationPlanes[i] * planeSize), (int)planeSize);
                    for (int column = 0; column < _s.BlocksAcross; column++)
                    {
                        byte[] block = _blocks[plane, column]!;
                        int x0 = column * blockWidth, n = Math.Min(blockWidth, width - x0);
                        for (int row = rowStart; row < rowEnd; row++)
                        {
                            ReadOnlySpan<byte> source = block.AsSpan((int)((row - top) * _s.BlockRowBytes), n * bytesPerPixel);
                            SampleConversion.ToSingle(source, _s.SampleType, stride, sample, target.Slice((row - firstRow) * width + x0, n));
                        }
                    }
                }
            }
        }

        /// <summary>Closes the file.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
        }

        /// <inheritdoc/>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Path}: {Width} x {Height} x {BandCount} {SampleType}, {GeoReferencing.Keys.DescribeCrs()}");

        /// <summary>Decodes the blocks of a block row for the planes the bands need, unless already decoded.</summary>
        private void DecodeBlockRow(int blockRow, ReadOnlySpan<int> bands)
        {
            if (_cachedBlockRow != blockRow)
            {
                Array.Clear(_planeDecoded);
                _cachedBlockRow = blockRow;
            }
            var work = new List<(int Plane, int Column)>();
            foreach (int band in bands)
            {
                int plane = _s.IsBandSeparate ? band : 0;
                if (_planeDecoded[plane]) continue;
                _planeDecoded[plane] = true;
                for (int column = 0; column < _s.BlocksAcross; column++) work.Add((plane, column));
            }
            if (work.Count == 0) return;
            int rows = _s.RowsInBlock(blockRow);
            int bytes = (int)(rows * _s.BlockRowBytes);
            foreach ((int plane, int column) in work) _blocks[plane, column] ??= new byte[_s.BlockBytes];
            try
            {
                if (_options.DecodeThreads > 1 && work.Count > 1)
                {
                    Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.DecodeThreads }, i =>
                    {
                        (int plane, int column) = work[i];
                        _decoder.Decode(_s.BlockIndex(plane, blockRow, column), _blocks[plane, column].AsSpan(0, bytes));
                    });
                }
                else
                {
                    foreach ((int plane, int column) in work)
                        _decoder.Decode(_s.BlockIndex(plane, blockRow, column), _blocks[plane, column].AsSpan(0, bytes));
                }
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                _cachedBlockRow = -1;
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            catch
            {
                _cachedBlockRow = -1;
                throw;
            }
        }
    }
}
