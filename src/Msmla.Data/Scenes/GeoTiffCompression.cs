namespace Msmla.Data.Scenes
{
    /// <summary>The TIFF compressions that <see cref="GeoTiffRaster"/> decodes.</summary>
    public enum GeoTiffCompression
    {
        /// <summary>No compression (TIFF Compression 1).</summary>
        None,

        /// <summary>LZW (TIFF Compression 5).</summary>
        Lzw,

        /// <summary>Deflate (zlib), TIFF Compression 8 or the older code 32946.</summary>
        Deflate,
    }
}
