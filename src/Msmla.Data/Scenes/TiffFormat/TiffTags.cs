namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>The TIFF, GeoTIFF and GDAL tags the scene reader and the map writer use.</summary>
    internal static class TiffTags
    {
        public const ushort NewSubfileType = 254;
        public const ushort ImageWidth = 256;
        public const ushort ImageLength = 257;
        public const ushort BitsPerSample = 258;
        public const ushort Compression = 259;
        public const ushort Photometric = 262;
        public const ushort FillOrder = 266;
        public const ushort StripOffsets = 273;
        public const ushort SamplesPerPixel = 277;
        public const ushort RowsPerStrip = 278;
        public const ushort StripByteCounts = 279;
        public const ushort PlanarConfig = 284;
        public const ushort Predictor = 317;
        public const ushort ColorMap = 320;
        public const ushort TileWidth = 322;
        public const ushort TileLength = 323;
        public const ushort TileOffsets = 324;
        public const ushort TileByteCounts = 325;
        public const ushort ExtraSamples = 338;
        public const ushort SampleFormat = 339;
        public const ushort ModelPixelScale = 33550;
        public const ushort ModelTiepoint = 33922;
        public const ushort ModelTransformation = 34264;
        public const ushort GeoKeyDirectory = 34735;
        public const ushort GeoDoubleParams = 34736;
        public const ushort GeoAsciiParams = 34737;
        public const ushort GdalMetadata = 42112;
        public const ushort GdalNoData = 42113;

        /// <summary>The tags LibTiff.NET does not know but the reader reads (its "unknown field" warnings for them are expected).</summary>
        public static bool IsGeoTiffOrGdal(int tag) =>
            tag is ModelPixelScale or ModelTiepoint or ModelTransformation or GeoKeyDirectory or GeoDoubleParams
                or GeoAsciiParams or GdalMetadata or GdalNoData;

        /// <summary>The size in bytes of one value of a TIFF field type, or 0 for an unknown type.</summary>
        public static int TypeSize(int type) => type switch
        {
            1 or 2 or 6 or 7 => 1,      // BYTE, ASCII, SBYTE, UNDEFINED
            3 or 8 => 2,                // SHORT, SSHORT
            4 or 9 or 11 or 13 => 4,    // LONG, SLONG, FLOAT, IFD
            5 or 10 or 12 => 8,         // RATIONAL, SRATIONAL, DOUBLE
            16 or 17 or 18 => 8,        // LONG8, SLONG8, IFD8
            _ => 0,
        };
    }
}
