using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Msmla.Core.IO;
using Msmla.Core.Lcz;
using Msmla.Data.Scenes.TiffFormat;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// Writes LCZ maps as GeoTIFFs that GDAL reads and its Cloud Optimized GeoTIFF validator accepts: tiled,
    /// Deflate-compressed, with internal overviews (halving until one fits in a tile), every image file
    /// directory before the data, the smallest overview's tiles first. The georeferencing is written back as
    /// given: geotransform (ModelPixelScale and ModelTiepoint, or ModelTransformation when rotated) and the
    /// GeoKey directory unchanged. Every write is atomic (temporary file in the same directory, then rename).
    /// </summary>
    /// <remarks>
    /// The TIFF structure is written here rather than through LibTiff.NET, which appends tile data in the
    /// order it is given and writes directories last; a COG needs the opposite, and a small directory writer
    /// that compresses the tiles first and then knows every offset is simpler than reordering afterwards.
    /// </remarks>
    public static class LczMapWriter
    {
        /// <summary>The class map's nodata value (cells without a class).</summary>
        public const byte ClassNoData = 0;

        /// <summary>The nodata value of percent probabilities.</summary>
        public const byte PercentNoData = 255;

        /// <summary>The band descriptions of a 17-band probability map: "LCZ 1" to "LCZ 10", "LCZ A" to "LCZ G".</summary>
        public static IReadOnlyList<string> ProbabilityBandNames { get; } = LczClasses.Codes.Select(c => "LCZ " + c).ToArray();

        /// <summary>The band description of a one-band probability map.</summary>
        public const string TopProbabilityBandName = "top-class probability";

        /// <summary>
        /// Writes a class map: one uint8 band of LCZ labels 1-17 (<see cref="LczClass.Label"/>, 1 = LCZ 1,
        /// 11 = LCZ A, 17 = LCZ G) with nodata 0, as a palette image with the standard LCZ colours (nodata
        /// white). Overviews take the most frequent class of each block (nodata ignored unless a block has
        /// nothing else; ties go to the smallest label).
        /// </summary>
        /// <param name="path">The file to write.</param>
        /// <param name="labels">width x height labels, row by row.</param>
        /// <param name="width">The width in cells.</param>
        /// <param name="height">The height in cells.</param>
        /// <param name="georeferencing">The map's geotransform and GeoKeys (for a block of rows, its own origin).</param>
        /// <param name="options">Layout and overwrite; <see cref="MapWriteOptions.Default"/> when null.</param>
        /// <param name="cancellationToken">Stops between tiles; the temporary file is removed.</param>
        /// <exception cref="ArgumentException">The sizes do not match, or a label is above 17.</exception>
        /// <exception cref="System.IO.IOException">The file exists and <see cref="MapWriteOptions.Overwrite"/> is false, or writing fails.</exception>
        public static void WriteClasses(string path, ReadOnlySpan<byte> labels, int width, int height, GeoReferencing georeferencing,
            MapWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            options = Check(path, labels.Length, 1, width, height, georeferencing, options);
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] > LczClasses.Count)
                    throw new ArgumentException($"Label {labels[i]} at cell {i} (row {i / width}, column {i % width}) is not 0 (nodata) to {LczClasses.Count}.", nameof(labels));

            var levels = new List<RasterLevel> { new(width, height, 1, RasterSampleType.UInt8, labels.ToArray()) };
            if (options.CloudOptimized)
                foreach ((int w, int h, int factor) in MapOverviews.Levels(width, height, options.TileSize))
                    levels.Add(new RasterLevel(w, h, 1, RasterSampleType.UInt8, MapOverviews.Mode(labels, width, height, factor, LczClasses.Count)));

            var spec = new TiffWriteSpec
            {
                TileSize = options.TileSize,
                Photometric = 3,
                ColorMap = LczColorMap(),
                NoData = GdalMetadata.FormatNoData(ClassNoData),
                Fill = new[] { ClassNoData },
                GeoReferencing = georeferencing,
                CompressionLevel = options.CompressionLevel,
                ForceBigTiff = options.BigTiff == BigTiffMode.Always,
            };
            AtomicFile.Write(path, options.Overwrite, stream => TiffFileWriter.Write(stream, levels, spec, cancellationToken), cancellationToken);
        }

        /// <summary>
        /// Writes probabilities: 1 band (the top class's probability) or 17 bands (one per class, described
        /// "LCZ 1" to "LCZ G"), pixel-interleaved, as uint8 percent (nodata 255) or float32 (nodata NaN) by
        /// <see cref="MapWriteOptions.ProbabilityEncoding"/>. Overviews take the mean of each block, nodata ignored.
        /// </summary>
        /// <param name="path">The file to write.</param>
        /// <param name="probabilities">bandCount x height x width values from 0 to 1, laid out [band][row][column] as the readers return them; NaN marks nodata.</param>
        /// <param name="bandCount">1 or 17.</param>
        /// <param name="width">The width in cells.</param>
        /// <param name="height">The height in cells.</param>
        /// <param name="georeferencing">The map's geotransform and GeoKeys.</param>
        /// <param name="options">Layout, encoding and overwrite; <see cref="MapWriteOptions.Default"/> when null.</param>
        /// <param name="cancellationToken">Stops between tiles; the temporary file is removed.</param>
        /// <exception cref="ArgumentException">The sizes do not match, the band count is not 1 or 17, or a value is outside 0 to 1.</exception>
        /// <exception cref="System.IO.IOException">The file exists and <see cref="MapWriteOptions.Overwrite"/> is false, or writing fails.</exception>
        public static void WriteProbabilities(string path, ReadOnlySpan<float> probabilities, int bandCount, int width, int height, GeoReferencing georeferencing,
            MapWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (bandCount != 1 && bandCount != LczClasses.Count)
                throw new ArgumentOutOfRangeException(nameof(bandCount), bandCount, $"A probability map has 1 band (the top class) or {LczClasses.Count} (one per class).");
            options = Check(path, probabilities.Length, bandCount, width, height, georeferencing, options);
            int cells = width * height;
            for (int i = 0; i < probabilities.Length; i++)
            {
                float p = probabilities[i];
                if (!float.IsNaN(p) && !(p >= 0 && p <= 1))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Probability {p} of band {i / cells} at cell {i % cells} (row {i % cells / width}, column {i % width}) is not within 0 to 1 (or NaN for nodata)."), nameof(probabilities));
            }

            bool percent = options.ProbabilityEncoding == ProbabilityEncoding.Percent;
            var levels = new List<RasterLevel>();
            List<(int Width, int Height, int Factor)> sizes = options.CloudOptimized ? MapOverviews.Levels(width, height, options.TileSize) : new();
            if (percent)
            {
                byte[] stored = new byte[probabilities.Length];
                for (int band = 0; band < bandCount; band++)
                {
                    for (int cell = 0; cell < cells; cell++)
                    {
                        float p = probabilities[band * cells + cell];
                        stored[cell * bandCount + band] = float.IsNaN(p) ? PercentNoData : (byte)Math.Round(p * 100.0, MidpointRounding.AwayFromZero);
                    }
                }
                levels.Add(new RasterLevel(width, height, bandCount, RasterSampleType.UInt8, stored));
                foreach ((int w, int h, int factor) in sizes)
                    levels.Add(new RasterLevel(w, h, bandCount, RasterSampleType.UInt8, MapOverviews.MeanPercent(stored, width, height, bandCount, factor, PercentNoData)));
            }
            else
            {
                float[] stored = new float[probabilities.Length];
                for (int band = 0; band < bandCount; band++)
                    for (int cell = 0; cell < cells; cell++)
                        stored[cell * bandCount + band] = probabilities[band * cells + cell];
                levels.Add(new RasterLevel(width, height, bandCount, RasterSampleType.Float32, MemoryMarshal.AsBytes(stored.AsSpan()).ToArray()));
                foreach ((int w, int h, int factor) in sizes)
                {
                    float[] mean = MapOverviews.MeanFloat(stored, width, height, bandCount, factor);
                    levels.Add(new RasterLevel(w, h, bandCount, RasterSampleType.Float32, MemoryMarshal.AsBytes(mean.AsSpan()).ToArray()));
                }
            }

            IReadOnlyList<string> names = bandCount == 1 ? new[] { TopProbabilityBandName } : ProbabilityBandNames;
            var spec = new TiffWriteSpec
            {
                TileSize = options.TileSize,
                Photometric = 1,
                NoData = percent ? GdalMetadata.FormatNoData(PercentNoData) : GdalMetadata.FormatNoData(double.NaN),
                GdalMetadata = GdalMetadata.WriteDescriptions(names),
                Fill = percent ? new[] { PercentNoData } : BitConverter.GetBytes(float.NaN),
                GeoReferencing = georeferencing,
                CompressionLevel = options.CompressionLevel,
                ForceBigTiff = options.BigTiff == BigTiffMode.Always,
            };
            AtomicFile.Write(path, options.Overwrite, stream => TiffFileWriter.Write(stream, levels, spec, cancellationToken), cancellationToken);
        }

        /// <summary>The TIFF ColorMap of the class map: entry 0 (nodata) white, entries 1-17 the LCZ colours, the rest black.</summary>
        internal static ushort[] LczColorMap()
        {
            var map = new ushort[3 * 256];
            map[0] = map[256] = map[512] = 255 * 257;
            foreach (LczClass lcz in LczClasses.All)
            {
                (byte r, byte g, byte b) = lcz.Rgb;
                map[lcz.Label] = (ushort)(r * 257);
                map[256 + lcz.Label] = (ushort)(g * 257);
                map[512 + lcz.Label] = (ushort)(b * 257);
            }
            return map;
        }

        private static MapWriteOptions Check(string path, int length, int bands, int width, int height, GeoReferencing georeferencing, MapWriteOptions? options)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (georeferencing == null) throw new ArgumentNullException(nameof(georeferencing));
            options ??= MapWriteOptions.Default;
            options.Validate();
            if (width < 1 || height < 1)
                throw new ArgumentOutOfRangeException(nameof(width), $"The map size {width} x {height} must be at least 1 x 1.");
            if ((long)width * height * bands != length)
                throw new ArgumentException($"{length} values given for {bands} band(s) of {width} x {height} cells, which need {(long)width * height * bands}.");
            return options;
        }
    }
}
