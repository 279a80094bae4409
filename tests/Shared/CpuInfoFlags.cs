using System;
using System.IO;
using System.Linq;

namespace Msmla.Tests.Shared;

/// <summary>The CPU flags the Linux kernel reports in /proc/cpuinfo: the independent reference for CPU feature detection.</summary>
internal static class CpuInfoFlags
{
    /// <summary>The flags of the first CPU; skips (fails in CI) where /proc/cpuinfo has none (not Linux, not x86).</summary>
    public static string[] Require()
    {
        Requirement.Host(OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"), "needs /proc/cpuinfo (Linux) as the reference for the CPU's flags");
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        Requirement.Host(line != null, "/proc/cpuinfo has no flags line (not an x86 CPU)");
        return line!.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
