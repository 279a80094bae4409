using System;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// Where a raster lies: its geotransform (GDAL's, corner-based: for a PixelIsPoint file it is already
    /// shifted by half a pixel, as GDAL reports it) and its GeoKey directory kept whole. A map written with
    /// <see cref="LczMapWriter"/> gets both back unchanged.
    /// </summary>
    /// <param name="Transform">The pixel-to-world transform.</param>
    /// <param name="Keys">The GeoKey directory (coordinate reference system and raster type).</param>
    public sealed record GeoReferencing(GeoTransform Transform, GeoKeyDirectory Keys)
    {
        /// <summary>The GeoKey directory.</summary>
        public GeoKeyDirectory Keys { get; init; } = Keys ?? throw new ArgumentNullException(nameof(Keys));

        /// <summary>The EPSG code of the CRS, or null when the CRS is user-defined.</summary>
        public int? EpsgCode => Keys.EpsgCode;

        /// <summary>Whether tie points name pixel corners (PixelIsArea) or centres (PixelIsPoint).</summary>
        public GeoRasterType RasterType => Keys.RasterType;

        /// <summary>Georeferencing for a projected CRS given by its EPSG code, such as 32633 for UTM 33N.</summary>
        public static GeoReferencing ForProjected(GeoTransform transform, int epsgCode) => new(transform, GeoKeyDirectory.ForProjected(epsgCode));

        /// <summary>The same CRS with a window's transform (see <see cref="GeoTransform.Translate"/>).</summary>
        public GeoReferencing Translate(double column, double row) => this with { Transform = Transform.Translate(column, row) };

        /// <summary>The same CRS with pixels <paramref name="factor"/> times larger (see <see cref="GeoTransform.Scale"/>).</summary>
        public GeoReferencing Scale(double factor) => this with { Transform = Transform.Scale(factor) };
    }
}
