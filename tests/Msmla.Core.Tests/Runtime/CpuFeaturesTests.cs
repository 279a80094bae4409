using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>CPUID-based feature detection against the flags the Linux kernel reports in /proc/cpuinfo.</summary>
public class CpuFeaturesTests
{
    [SkippableFact]
    public void Features_match_the_kernels_cpu_flags()
    {
        string[] flags = CpuInfoFlags.Require();
        CpuFeatures features = CpuFeatures.Current;
        Assert.Equal(flags.Contains("avx2"), features.Avx2);
        Assert.Equal(flags.Contains("avx512f"), features.Avx512);
        Assert.Equal(flags.Contains("avx512_bf16"), features.Avx512BFloat16);
        Assert.Equal(flags.Contains("amx_bf16") && flags.Contains("amx_tile"), features.AmxBFloat16);
        Assert.Equal(features.Avx512BFloat16 || features.AmxBFloat16, features.HasNativeBFloat16);
    }

    [Fact]
    public void The_description_names_each_feature()
    {
        Assert.Equal("AVX2, AVX-512, AVX512-BF16, AMX-BF16", new CpuFeatures(true, true, true, true).ToString());
        Assert.Equal("AVX2", new CpuFeatures(true, false, false, false).ToString());
        Assert.Equal("none of AVX2, AVX-512, AVX512-BF16, AMX-BF16", new CpuFeatures(false, false, false, false).ToString());
    }
}
