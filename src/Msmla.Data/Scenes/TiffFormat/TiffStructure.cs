using System;
using System.Globalization;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// The validated structure of a GeoTIFF's first image: size, sample type, block layout with the offset
    /// and byte count of every block, and the raw GeoTIFF/GDAL tag values. Blocks are numbered as TIFF
    /// numbers them: plane, then block row, then block column.
    /// </summary>
    internal sealed class TiffStructure
    {
        public required int Width { get; init; }
        public required int Height { get; init; }
        public required int SamplesPerPixel { get; init; }
        public required RasterSampleType SampleType { get; init; }
        public required bool IsTiled { get; init; }
        public required bool IsBandSeparate { get; init; }
        public required int BlockWidth { get; init; }
        public required int BlockHeight { get; init; }
        public required GeoTiffCompression Compression { get; init; }
        public required int Predictor { get; init; }
        public required bool IsBigTiff { get; init; }
        public required bool IsBigEndian { get; init; }
        public required ulong[] Offsets { get; init; }
        public required ulong[] ByteCounts { get; init; }

        /// <summary>The layout as stored (before large uncompressed strips are split into pieces for reading).</summary>
        public required GeoTiffLayout Layout { get; init; }
        public double[]? ModelPixelScale { get; init; }
        public double[]? ModelTiepoint { get; init; }
        public double[]? ModelTransformation { get; init; }
        public ushort[]? GeoKeyDirectory { get; init; }
        public double[]? GeoDoubleParams { get; init; }
        public string? GeoAsciiParams { get; init; }
        public string? GdalMetadata { get; init; }
        public string? GdalNoData { get; init; }

        public int BytesPerSample => SampleType switch
        {
            RasterSampleType.UInt8 => 1,
            RasterSampleType.UInt16 or RasterSampleType.Int16 => 2,
            _ => 4,
        };

        /// <summary>Samples per pixel inside one block: all bands when pixel-interleaved, one when band-separate.</summary>
        public int SamplesPerBlockPixel => IsBandSeparate ? 1 : SamplesPerPixel;

        public int Planes => IsBandSeparate ? SamplesPerPixel : 1;

        public int BlocksAcross => (int)(((long)Width + BlockWidth - 1) / BlockWidth);

        public int BlocksDown => (int)(((long)Height + BlockHeight - 1) / BlockHeight);

        /// <summary>The bytes of one row of a block.</summary>
        public long BlockRowBytes => (long)BlockWidth * SamplesPerBlockPixel * BytesPerSample;

        /// <summary>The decoded bytes of a full block.</summary>
        public long BlockBytes => BlockRowBytes * BlockHeight;

        public int BlockIndex(int plane, int blockRow, int blockColumn) =>
            (plane * BlocksDown + blockRow) * BlocksAcross + blockColumn;

        /// <summary>The rows a block holds: a full tile always; a strip, fewer at the bottom of the image.</summary>
        public int RowsInBlock(int blockRow) => IsTiled ? BlockHeight : Math.Min(BlockHeight, Height - blockRow * BlockHeight);

        public string BlockName(int index)
        {
            int perPlane = BlocksAcross * BlocksDown;
            int plane = index / perPlane, inPlane = index % perPlane;
            string name = IsTiled
                ? string.Create(CultureInfo.InvariantCulture, $"tile {index} (row {inPlane / BlocksAcross}, column {inPlane % BlocksAcross}")
                : string.Create(CultureInfo.InvariantCulture, $"strip {index} (rows from {inPlane * (long)BlockHeight}");
            return IsBandSeparate ? string.Create(CultureInfo.InvariantCulture, $"{name}, band {plane})") : name + ")";
        }
    }
}
