namespace Msmla.Models.Inference
{
    /// <summary>The number format a predictor (and so a mapper) computes in.</summary>
    public enum InferencePrecision
    {
        /// <summary>float32 throughout: the same results on every machine (the default).</summary>
        Float32,

        /// <summary>
        /// Weights and activations in bfloat16 (8 bits of mantissa), probabilities in float32. Native and faster on CPUs
        /// with AMX or AVX512-BF16 and on CUDA devices of compute capability 8.0 or later; emulated and slower elsewhere.
        /// Labels agree with float32 on almost every patch (benchmarks/README.md), not on all of them.
        /// </summary>
        BFloat16,

        /// <summary><see cref="BFloat16"/> where the device computes bfloat16 natively (<see cref="Msmla.Core.Runtime.CpuFeatures.HasNativeBFloat16"/>), <see cref="Float32"/> elsewhere.</summary>
        Auto,
    }
}
