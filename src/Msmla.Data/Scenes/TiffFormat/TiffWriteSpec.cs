using System.IO.Compression;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>What every image of a written file shares: tiling, colour interpretation, nodata, metadata and georeferencing.</summary>
    internal sealed record TiffWriteSpec
    {
        public required int TileSize { get; init; }

        /// <summary>TIFF Photometric: 1 MinIsBlack, 3 Palette.</summary>
        public required ushort Photometric { get; init; }

        /// <summary>The ColorMap values (3 x 256: reds, greens, blues) for a palette image, else null.</summary>
        public ushort[]? ColorMap { get; init; }

        /// <summary>The GDAL_NODATA text, or null.</summary>
        public string? NoData { get; init; }

        /// <summary>The GDAL_METADATA XML (main image only), or null.</summary>
        public string? GdalMetadata { get; init; }

        /// <summary>One sample's bytes used to pad the edge tiles (the nodata value).</summary>
        public required byte[] Fill { get; init; }

        public required GeoReferencing GeoReferencing { get; init; }

        public required CompressionLevel CompressionLevel { get; init; }

        public required bool ForceBigTiff { get; init; }
    }
}
