namespace Msmla.Models.Layers
{
    /// <summary>The Keras kernel initialisers the released models use.</summary>
    internal enum KernelInitializer
    {
        /// <summary>Keras <c>he_normal</c>: truncated normal (cut at 2 sd), stddev sqrt(2 / fan_in) / 0.87962566.</summary>
        HeNormal,

        /// <summary>Keras <c>VarianceScaling(scale=1, mode='fan_in', distribution='truncated_normal')</c>: as <see cref="HeNormal"/> with scale 1.</summary>
        FanInTruncatedNormal,

        /// <summary>Keras' default <c>glorot_uniform</c>: uniform in +-sqrt(6 / (fan_in + fan_out)).</summary>
        GlorotUniform,
    }
}
