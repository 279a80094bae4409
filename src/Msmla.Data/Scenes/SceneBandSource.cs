using System;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// Names one band of a scene where the file does not (Sentinel-2 bands converted to GeoTIFF usually
    /// have no band descriptions): band <paramref name="BandIndex"/> (0-based) of <paramref name="FilePath"/>
    /// is the scene's band <paramref name="Name"/>.
    /// </summary>
    /// <param name="Name">The band name, such as "B8A" (compared without regard to case).</param>
    /// <param name="FilePath">The GeoTIFF holding the band.</param>
    /// <param name="BandIndex">The 0-based band in that file (GDAL's band number minus one); 0 for a single-band file.</param>
    public sealed record SceneBandSource(string Name, string FilePath, int BandIndex = 0)
    {
        /// <summary>The band name.</summary>
        public string Name { get; init; } = !string.IsNullOrWhiteSpace(Name) ? Name : throw new ArgumentException("A band name must not be empty.", nameof(Name));

        /// <summary>The GeoTIFF holding the band.</summary>
        public string FilePath { get; init; } = !string.IsNullOrEmpty(FilePath) ? FilePath : throw new ArgumentException("A file path must not be empty.", nameof(FilePath));

        /// <summary>The 0-based band in the file.</summary>
        public int BandIndex { get; init; } = BandIndex >= 0 ? BandIndex : throw new ArgumentOutOfRangeException(nameof(BandIndex), BandIndex, "A band index is 0 or more.");
    }
}
