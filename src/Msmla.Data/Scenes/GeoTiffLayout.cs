namespace Msmla.Data.Scenes
{
    /// <summary>How a GeoTIFF stores its pixels, as found in its first image file directory.</summary>
    /// <param name="IsTiled">Whether the image is tiled (false: stored in strips).</param>
    /// <param name="BlockWidth">The tile width, or the image width for strips.</param>
    /// <param name="BlockHeight">The tile height, or the rows per strip (at most the image height).</param>
    /// <param name="IsBandSeparate">Whether each band is stored apart (PlanarConfig 2); false: pixel-interleaved (PlanarConfig 1).</param>
    /// <param name="Compression">The compression of the tiles or strips.</param>
    /// <param name="Predictor">The TIFF predictor: 1 none, 2 horizontal differencing, 3 floating point.</param>
    /// <param name="IsBigTiff">Whether the file is a BigTIFF (8-byte offsets).</param>
    /// <param name="IsBigEndian">Whether the file is big-endian ("MM").</param>
    public sealed record GeoTiffLayout(
        bool IsTiled,
        int BlockWidth,
        int BlockHeight,
        bool IsBandSeparate,
        GeoTiffCompression Compression,
        int Predictor,
        bool IsBigTiff,
        bool IsBigEndian);
}
