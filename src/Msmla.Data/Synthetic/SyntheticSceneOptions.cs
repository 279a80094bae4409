using System;
using System.Collections.Generic;

namespace Msmla.Data.Synthetic
{
    /// <summary>The shape of a <see cref="SyntheticLczScene"/>: size, regions, georeferencing.</summary>
    public sealed record SyntheticSceneOptions
    {
        /// <summary>The seed of the texture and noise. Default 0.</summary>
        public int Seed { get; init; }

        /// <summary>The width in pixels. Default 640.</summary>
        public int Width { get; init; } = 640;

        /// <summary>The height in pixels. Default 480.</summary>
        public int Height { get; init; } = 480;

        /// <summary>The side of the tiles a region is drawn from (like a training patch). Default 32.</summary>
        public int TileSize { get; init; } = 32;

        /// <summary>Regions per row of the scene. Default 4.</summary>
        public int RegionColumns { get; init; } = 4;

        /// <summary>Regions per column of the scene. Default 3.</summary>
        public int RegionRows { get; init; } = 3;

        /// <summary>
        /// The 0-based LCZ classes of the regions, used in turn row by row. Default LCZ 2, 6, 8, A, D, G (compact mid-rise,
        /// open low-rise, large low-rise, dense trees, low plants, water).
        /// </summary>
        public IReadOnlyList<int> RegionClasses { get; init; } = new[] { 1, 5, 7, 10, 13, 16 };

        /// <summary>Leave a nodata triangle in the bottom-right corner (digital number 0), as at the edge of a Sentinel-2 tile. Default true.</summary>
        public bool NoDataCorner { get; init; } = true;

        /// <summary>The EPSG code of the CRS. Default 32633 (WGS 84 / UTM zone 33N).</summary>
        public int Epsg { get; init; } = 32633;

        /// <summary>The easting of the top-left corner. Default 400,000 m.</summary>
        public double OriginX { get; init; } = 400_000;

        /// <summary>The northing of the top-left corner. Default 5,800,000 m.</summary>
        public double OriginY { get; init; } = 5_800_000;

        /// <summary>The pixel size in metres. Default 10.</summary>
        public double PixelSize { get; init; } = 10;

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public SyntheticSceneOptions Validate()
        {
            if (Width < 1 || Height < 1 || (long)Width * Height > 100_000_000) throw new ArgumentException($"The scene size {Width} x {Height} must be positive and at most 100 megapixels.", nameof(Width));
            if (TileSize < 1) throw new ArgumentException($"TileSize must be at least 1 (got {TileSize}).", nameof(TileSize));
            if (RegionColumns < 1 || RegionRows < 1) throw new ArgumentException("RegionColumns and RegionRows must be at least 1.", nameof(RegionColumns));
            if (RegionClasses is null || RegionClasses.Count == 0) throw new ArgumentException("Give at least one region class.", nameof(RegionClasses));
            foreach (int c in RegionClasses)
                if (c < 0 || c >= Core.Lcz.LczClasses.Count) throw new ArgumentException($"Region class {c} is not 0 to {Core.Lcz.LczClasses.Count - 1}.", nameof(RegionClasses));
            if (!(PixelSize > 0)) throw new ArgumentException($"PixelSize must be positive (got {PixelSize}).", nameof(PixelSize));
            return this;
        }
    }
}
