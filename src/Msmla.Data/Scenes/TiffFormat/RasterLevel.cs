namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>One image to write: pixel-interleaved little-endian samples, row by row.</summary>
    /// <param name="Width">The width in pixels.</param>
    /// <param name="Height">The height in pixels.</param>
    /// <param name="Bands">Samples per pixel.</param>
    /// <param name="SampleType">The sample type (UInt8 or Float32 for maps).</param>
    /// <param name="Data">Width x Height x Bands samples.</param>
    internal sealed record RasterLevel(int Width, int Height, int Bands, RasterSampleType SampleType, byte[] Data)
    {
        public int BytesPerSample => SampleType switch
        {
            RasterSampleType.UInt8 => 1,
            RasterSampleType.UInt16 or RasterSampleType.Int16 => 2,
            _ => 4,
        };
    }
}
