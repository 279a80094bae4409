using System;
using System.Runtime.Intrinsics.X86;

namespace Msmla.Core.Runtime
{
    /// <summary>
    /// The instruction-set extensions of this process's CPU that decide how fast libtorch runs: AVX2, AVX-512 and the
    /// two bfloat16 extensions (AVX512-BF16 dot products, AMX tiles). Read with CPUID on x86; all false elsewhere.
    /// </summary>
    /// <param name="Avx2">AVX2 (and FMA) usable.</param>
    /// <param name="Avx512">AVX-512 Foundation usable (the CPU has it and the operating system saves its registers).</param>
    /// <param name="Avx512BFloat16">AVX512-BF16 (bfloat16 conversions and dot products; Cooper Lake, Sapphire Rapids, AMD Zen 4 and later).</param>
    /// <param name="AmxBFloat16">AMX-BF16 (bfloat16 tile multiplications; Intel Sapphire Rapids and later).</param>
    public sealed record CpuFeatures(bool Avx2, bool Avx512, bool Avx512BFloat16, bool AmxBFloat16)
    {
        /// <summary>The features of the CPU this process runs on.</summary>
        public static CpuFeatures Current { get; } = Detect();

        /// <summary>
        /// True when the CPU computes bfloat16 natively (<see cref="Avx512BFloat16"/> or <see cref="AmxBFloat16"/>); elsewhere
        /// libtorch emulates bfloat16 with float32 arithmetic and conversions, which is slower than float32.
        /// </summary>
        public bool HasNativeBFloat16 => Avx512BFloat16 || AmxBFloat16;

        /// <summary>The features as a short list for logs and benchmark tables, e.g. "AVX2, AVX-512, AVX512-BF16, AMX-BF16".</summary>
        public override string ToString()
        {
            var names = new System.Collections.Generic.List<string>();
            if (Avx2) names.Add("AVX2");
            if (Avx512) names.Add("AVX-512");
            if (Avx512BFloat16) names.Add("AVX512-BF16");
            if (AmxBFloat16) names.Add("AMX-BF16");
            return names.Count == 0 ? "none of AVX2, AVX-512, AVX512-BF16, AMX-BF16" : string.Join(", ", names);
        }

        private static CpuFeatures Detect()
        {
            if (!X86Base.IsSupported) return new CpuFeatures(false, false, false, false);
            bool avx512 = Avx512F.IsSupported;
            (int maxLeaf, _, _, _) = X86Base.CpuId(0, 0);
            if (maxLeaf < 7) return new CpuFeatures(System.Runtime.Intrinsics.X86.Avx2.IsSupported, avx512, false, false);
            // CPUID leaf 7 sub-leaf 0: EDX bit 22 AMX-BF16, bit 24 AMX-TILE; sub-leaf 1: EAX bit 5 AVX512-BF16
            // (Intel 64 and IA-32 Architectures Software Developer's Manual, vol. 2A, CPUID, table 3-8).
            (int maxSubLeaf, _, _, int edx0) = X86Base.CpuId(7, 0);
            bool amx = (edx0 & (1 << 22)) != 0 && (edx0 & (1 << 24)) != 0 && avx512;
            bool avx512Bf16 = false;
            if (maxSubLeaf >= 1)
            {
                (int eax1, _, _, _) = X86Base.CpuId(7, 1);
                avx512Bf16 = avx512 && (eax1 & (1 << 5)) != 0;
            }
            return new CpuFeatures(System.Runtime.Intrinsics.X86.Avx2.IsSupported, avx512, avx512Bf16, amx);
        }
    }
}
