using System;
using System.IO;
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
        Requirement.Host(OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"), "needs /proc/cpuinfo (Linux) as the reference for the CPU's flags");
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        Requirement.Host(line != null, "/proc/cpuinfo has no flags line (not an x86 CPU)");
        string[] flags = line!.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
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
