namespace Msmla.Data.Scenes
{
    /// <summary>Identifiers of the GeoKeys (GeoTIFF 1.1) that the scene readers and map writers interpret.</summary>
    public static class GeoKeyIds
    {
        /// <summary>GTModelTypeGeoKey: 1 projected, 2 geographic, 3 geocentric.</summary>
        public const ushort ModelType = 1024;

        /// <summary>GTRasterTypeGeoKey: 1 PixelIsArea, 2 PixelIsPoint.</summary>
        public const ushort RasterType = 1025;

        /// <summary>GTCitationGeoKey (ASCII).</summary>
        public const ushort Citation = 1026;

        /// <summary>GeodeticCRSGeoKey (GeographicTypeGeoKey in GeoTIFF 1.0): the EPSG code of a geographic CRS.</summary>
        public const ushort GeographicType = 2048;

        /// <summary>GeodeticCitationGeoKey (GeogCitationGeoKey) (ASCII).</summary>
        public const ushort GeographicCitation = 2049;

        /// <summary>ProjectedCRSGeoKey (ProjectedCSTypeGeoKey): the EPSG code of a projected CRS, such as 32633 for UTM 33N.</summary>
        public const ushort ProjectedType = 3072;

        /// <summary>ProjectedCitationGeoKey (PCSCitationGeoKey) (ASCII).</summary>
        public const ushort ProjectedCitation = 3073;

        /// <summary>ProjLinearUnitsGeoKey.</summary>
        public const ushort ProjectedLinearUnits = 3076;

        /// <summary>The value that marks a key as user-defined rather than an EPSG code.</summary>
        public const ushort UserDefined = 32767;
    }
}
