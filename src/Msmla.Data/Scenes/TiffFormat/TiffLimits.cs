using System.Globalization;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>The block size limit, checked by <see cref="TiffPreflight"/> before LibTiff.NET and again on the final structure.</summary>
    internal static class TiffLimits
    {
        public static void CheckBlock(string path, bool tiled, ulong width, ulong height, ulong samples, ulong bytesPerSample, long maxBytes)
        {
            // Each factor is below 2^32 except the last two, which are small; decimal keeps the product exact.
            decimal bytes = (decimal)width * height * samples * bytesPerSample;
            if (bytes <= maxBytes) return;
            string block = tiled ? "tile" : "strip";
            throw new SceneDataException(path, null, string.Create(CultureInfo.InvariantCulture,
                $"one {block} of {width} x {height} pixels x {samples} samples decodes to {bytes} bytes, more than the {maxBytes}-byte limit (GeoTiffReadOptions.MaxBlockBytes); rewrite it tiled (gdal_translate -co TILED=YES)."));
        }
    }
}
