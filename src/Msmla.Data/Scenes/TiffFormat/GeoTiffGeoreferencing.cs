using System;
using System.Globalization;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Converts between the GeoTIFF model tags and <see cref="GeoReferencing"/>, as GDAL does: ModelPixelScale
    /// with the first ModelTiepoint (a negative y scale read as north-up, GDAL's default), else a 4 x 4
    /// ModelTransformation; for PixelIsPoint the tie point names a pixel centre, so the corner-based
    /// geotransform is shifted by half a pixel on reading and back on writing.
    /// </summary>
    internal static class GeoTiffGeoreferencing
    {
        public static GeoReferencing Read(TiffStructure s, string path)
        {
            GeoTransform transform;
            double[]? scale = s.ModelPixelScale, tiepoint = s.ModelTiepoint, matrix = s.ModelTransformation;
            if (scale is { Length: >= 2 } && scale[0] != 0 && scale[1] != 0 && tiepoint is { Length: >= 6 })
            {
                double pixelHeight = -Math.Abs(scale[1]);
                transform = new GeoTransform(tiepoint[3] - tiepoint[0] * scale[0], scale[0], 0, tiepoint[4] - tiepoint[1] * pixelHeight, 0, pixelHeight);
            }
            else if (matrix is { Length: 16 })
            {
                transform = new GeoTransform(matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]);
            }
            else if (tiepoint is { Length: >= 12 })
            {
                throw new SceneDataException(path, "georeferencing", string.Create(CultureInfo.InvariantCulture,
                    $"the file is georeferenced by {tiepoint.Length / 6} ground control points, not by a geotransform; warp it onto a grid first (gdalwarp)."));
            }
            else
            {
                throw new SceneDataException(path, "georeferencing",
                    "the file has no georeferencing (neither ModelPixelScale with ModelTiepoint nor ModelTransformation); assign it first (gdal_translate -a_ullr ... -a_srs EPSG:...).");
            }
            if (!IsFinite(transform) || transform.PixelWidth * transform.PixelHeight - transform.RowRotation * transform.ColumnRotation == 0)
                throw new SceneDataException(path, "georeferencing", $"the geotransform {transform} is degenerate.");

            if (s.GeoKeyDirectory == null)
                throw new SceneDataException(path, "tag GeoKeyDirectory (34735)",
                    "is missing, so the file has a geotransform but no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:...).");
            GeoKeyDirectory keys;
            try
            {
                keys = new GeoKeyDirectory(s.GeoKeyDirectory, s.GeoDoubleParams, s.GeoAsciiParams);
            }
            catch (ArgumentException e)
            {
                throw new SceneDataException(path, "tag GeoKeyDirectory (34735)", $"is malformed: {e.Message}", e);
            }
            if (!keys.HasCrs)
                throw new SceneDataException(path, "tag GeoKeyDirectory (34735)",
                    "names no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:...).");

            if (keys.RasterType == GeoRasterType.PixelIsPoint)
            {
                transform = transform with
                {
                    OriginX = transform.OriginX - (transform.PixelWidth + transform.RowRotation) * 0.5,
                    OriginY = transform.OriginY - (transform.ColumnRotation + transform.PixelHeight) * 0.5,
                };
            }
            return new GeoReferencing(transform, keys);
        }

        /// <summary>
        /// The model tags for <paramref name="geo"/>: ModelPixelScale and ModelTiepoint for a north-up grid
        /// (Transformation null), else ModelTransformation (Scale and Tiepoint null).
        /// </summary>
        public static (double[]? Scale, double[]? Tiepoint, double[]? Transformation) Write(GeoReferencing geo)
        {
            GeoTransform t = geo.Transform;
            double x = t.OriginX, y = t.OriginY;
            if (geo.RasterType == GeoRasterType.PixelIsPoint)
            {
                x += (t.PixelWidth + t.RowRotation) * 0.5;
                y += (t.ColumnRotation + t.PixelHeight) * 0.5;
            }
            if (!t.IsRotated && t.PixelHeight < 0)
                return (new[] { t.PixelWidth, -t.PixelHeight, 0.0 }, new[] { 0.0, 0.0, 0.0, x, y, 0.0 }, null);
            return (null, null, new[]
            {
                t.PixelWidth, t.RowRotation, 0.0, x,
                t.ColumnRotation, t.PixelHeight, 0.0, y,
                0.0, 0.0, 0.0, 0.0,
                0.0, 0.0, 0.0, 1.0,
            });
        }

        private static bool IsFinite(GeoTransform t) =>
            double.IsFinite(t.OriginX) && double.IsFinite(t.PixelWidth) && double.IsFinite(t.RowRotation)
            && double.IsFinite(t.OriginY) && double.IsFinite(t.ColumnRotation) && double.IsFinite(t.PixelHeight);
    }
}
