namespace Msmla.Data.Scenes
{
    /// <summary>The sample types that GeoTIFF scenes and LCZ maps are read and written with.</summary>
    public enum RasterSampleType
    {
        /// <summary>Unsigned 8-bit integers (GDAL's Byte): LCZ maps and percent probabilities.</summary>
        UInt8,

        /// <summary>Unsigned 16-bit integers: Sentinel-2 digital numbers.</summary>
        UInt16,

        /// <summary>Signed 16-bit integers.</summary>
        Int16,

        /// <summary>32-bit IEEE floating point.</summary>
        Float32,
    }
}
