namespace Msmla.Data.Scenes
{
    /// <summary>How GeoTIFF model coordinates refer to pixels (GTRasterTypeGeoKey).</summary>
    public enum GeoRasterType
    {
        /// <summary>A tie point names the top-left corner of its pixel (the default).</summary>
        PixelIsArea = 1,

        /// <summary>A tie point names the centre of its pixel; readers shift the geotransform by half a pixel, as GDAL does.</summary>
        PixelIsPoint = 2,
    }
}
