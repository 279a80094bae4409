using System;
using System.Collections.Generic;
using System.Globalization;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// The pixel grid of a raster: size, geotransform and CRS. Rasters lie on the same grid when
    /// <see cref="DescribeDifference"/> finds nothing: equal sizes, geotransforms equal to a millionth of a
    /// pixel and the same CRS (<see cref="GeoKeyDirectory.SameCrs"/>). Record equality is exact.
    /// </summary>
    /// <param name="Width">The width in pixels.</param>
    /// <param name="Height">The height in pixels.</param>
    /// <param name="GeoReferencing">The geotransform and GeoKeys.</param>
    public sealed record RasterGrid(int Width, int Height, GeoReferencing GeoReferencing)
    {
        /// <summary>What differs from <paramref name="other"/>, as a phrase ("width 2000 against 1000; ..."), or null when the grids agree.</summary>
        public string? DescribeDifference(RasterGrid other)
        {
            if (other == null) throw new ArgumentNullException(nameof(other));
            var differences = new List<string>();
            if (Width != other.Width) differences.Add(string.Create(CultureInfo.InvariantCulture, $"width {Width} against {other.Width}"));
            if (Height != other.Height) differences.Add(string.Create(CultureInfo.InvariantCulture, $"height {Height} against {other.Height}"));
            if (!GeoReferencing.Transform.ApproximatelyEquals(other.GeoReferencing.Transform))
                differences.Add($"geotransform {GeoReferencing.Transform} against {other.GeoReferencing.Transform}");
            if (!GeoReferencing.Keys.SameCrs(other.GeoReferencing.Keys))
            {
                string mine = GeoReferencing.Keys.DescribeCrs(), theirs = other.GeoReferencing.Keys.DescribeCrs();
                differences.Add(mine == theirs ? $"CRS {mine} with other GeoKeys" : $"CRS {mine} against {theirs}");
            }
            return differences.Count == 0 ? null : string.Join("; ", differences);
        }

        /// <summary>Whether <paramref name="other"/> is the same grid (see <see cref="DescribeDifference"/>).</summary>
        public bool IsSameAs(RasterGrid other) => DescribeDifference(other) == null;
    }
}
