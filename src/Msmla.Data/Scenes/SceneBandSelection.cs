using System.Collections.Generic;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// Bands of a <see cref="GeoTiffScene"/> in the order a model wants them, resolved once by
    /// <see cref="GeoTiffScene.SelectBands(IEnumerable{string})"/> and then read with
    /// <see cref="GeoTiffScene.ReadRows"/>. Each file is read once per call for all its selected bands.
    /// </summary>
    public sealed class SceneBandSelection
    {
        internal SceneBandSelection(GeoTiffScene scene, string[] names, double?[] noData, (GeoTiffRaster Raster, int[] Bands, int[] Planes)[] groups)
        {
            Scene = scene;
            Names = names;
            NoData = noData;
            Groups = groups;
        }

        /// <summary>The selected band names, in destination order.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The number of selected bands.</summary>
        public int Count => Names.Count;

        /// <summary>Each selected band's nodata value (GDAL_NODATA of its file), or null when its file declares none.</summary>
        public IReadOnlyList<double?> NoData { get; }

        internal GeoTiffScene Scene { get; }

        /// <summary>Per file: its 0-based bands to read and the destination plane of each.</summary>
        internal (GeoTiffRaster Raster, int[] Bands, int[] Planes)[] Groups { get; }
    }
}
