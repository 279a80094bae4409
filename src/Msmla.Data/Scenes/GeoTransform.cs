using System;
using System.Globalization;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// The affine map from pixel to world coordinates, in GDAL's order: a point at column <c>c</c> and
    /// row <c>r</c> (the top-left corner of the top-left pixel is 0, 0) lies at
    /// <c>x = OriginX + c * PixelWidth + r * RowRotation</c>, <c>y = OriginY + c * ColumnRotation + r * PixelHeight</c>.
    /// </summary>
    /// <param name="OriginX">The x coordinate of the top-left corner of the top-left pixel (GDAL GT(0)).</param>
    /// <param name="PixelWidth">The x step per column (GT(1)).</param>
    /// <param name="RowRotation">The x step per row, 0 for a north-up image (GT(2)).</param>
    /// <param name="OriginY">The y coordinate of the top-left corner of the top-left pixel (GT(3)).</param>
    /// <param name="ColumnRotation">The y step per column, 0 for a north-up image (GT(4)).</param>
    /// <param name="PixelHeight">The y step per row, negative for a north-up image (GT(5)).</param>
    public readonly record struct GeoTransform(
        double OriginX,
        double PixelWidth,
        double RowRotation,
        double OriginY,
        double ColumnRotation,
        double PixelHeight)
    {
        /// <summary>Creates a transform from GDAL's six coefficients (as <c>GetGeoTransform()</c> returns them).</summary>
        /// <exception cref="ArgumentException">The span does not hold six coefficients.</exception>
        public static GeoTransform FromGdal(ReadOnlySpan<double> coefficients)
        {
            if (coefficients.Length != 6)
                throw new ArgumentException($"A geotransform has 6 coefficients, not {coefficients.Length}.", nameof(coefficients));
            return new GeoTransform(coefficients[0], coefficients[1], coefficients[2], coefficients[3], coefficients[4], coefficients[5]);
        }

        /// <summary>The six coefficients in GDAL's order.</summary>
        public double[] ToGdal() => new[] { OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight };

        /// <summary>Whether a rotation or shear term is non-zero (such a grid is written as a ModelTransformation).</summary>
        public bool IsRotated => RowRotation != 0 || ColumnRotation != 0;

        /// <summary>The world coordinates of a point given in pixel coordinates (0.5, 0.5 is the centre of the top-left pixel).</summary>
        public (double X, double Y) PixelToWorld(double column, double row) =>
            (OriginX + column * PixelWidth + row * RowRotation, OriginY + column * ColumnRotation + row * PixelHeight);

        /// <summary>
        /// The transform of a window whose top-left pixel is pixel (<paramref name="column"/>, <paramref name="row"/>)
        /// of this grid, such as a block of map rows written as a shard.
        /// </summary>
        public GeoTransform Translate(double column, double row)
        {
            (double x, double y) = PixelToWorld(column, row);
            return this with { OriginX = x, OriginY = y };
        }

        /// <summary>
        /// The transform of a grid with pixels <paramref name="factor"/> times larger and the same top-left
        /// corner, such as an LCZ map with one cell per 10 scene pixels.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The factor is not a positive finite number.</exception>
        public GeoTransform Scale(double factor)
        {
            if (!(factor > 0) || double.IsInfinity(factor))
                throw new ArgumentOutOfRangeException(nameof(factor), factor, "The scale factor must be a positive finite number.");
            return this with
            {
                PixelWidth = PixelWidth * factor,
                RowRotation = RowRotation * factor,
                ColumnRotation = ColumnRotation * factor,
                PixelHeight = PixelHeight * factor,
            };
        }

        /// <summary>
        /// Whether two transforms describe the same grid: every coefficient agrees to within
        /// <paramref name="pixelFraction"/> of the larger pixel size of the two (a millionth of a pixel by default).
        /// </summary>
        public bool ApproximatelyEquals(GeoTransform other, double pixelFraction = 1e-6)
        {
            double pixel = Math.Max(
                Math.Max(Math.Abs(PixelWidth), Math.Abs(PixelHeight)),
                Math.Max(Math.Abs(other.PixelWidth), Math.Abs(other.PixelHeight)));
            double tolerance = pixelFraction * pixel;
            return Math.Abs(OriginX - other.OriginX) <= tolerance
                && Math.Abs(PixelWidth - other.PixelWidth) <= tolerance
                && Math.Abs(RowRotation - other.RowRotation) <= tolerance
                && Math.Abs(OriginY - other.OriginY) <= tolerance
                && Math.Abs(ColumnRotation - other.ColumnRotation) <= tolerance
                && Math.Abs(PixelHeight - other.PixelHeight) <= tolerance;
        }

        /// <summary>The coefficients in GDAL's order, as "(x0, dx, rx, y0, ry, dy)" with round-trip precision.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "({0:R}, {1:R}, {2:R}, {3:R}, {4:R}, {5:R})", OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight);
    }
}
