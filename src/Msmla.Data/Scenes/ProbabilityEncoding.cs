namespace Msmla.Data.Scenes
{
    /// <summary>How <see cref="LczMapWriter.WriteProbabilities"/> stores probabilities.</summary>
    public enum ProbabilityEncoding
    {
        /// <summary>uint8 percent 0-100 (rounded half away from zero), nodata 255: small files.</summary>
        Percent,

        /// <summary>float32 as given, nodata NaN.</summary>
        Float32,
    }
}
