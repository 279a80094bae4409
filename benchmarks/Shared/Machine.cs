using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Benchmarks;

/// <summary>
/// What the machine and this process are (CPU model, vector ISA, load, the process's memory and CPU time) and where the
/// repository is: shared by the benchmark programs (benchmarks/Shared, compiled into each).
/// </summary>
internal static class Machine
{
    public static string CpuModel() => CpuInfoField("model name") ?? "unknown CPU";

    /// <summary>The clock /proc/cpuinfo reports ("cpu MHz"; in a virtual machine often the nominal clock), or null.</summary>
    public static double? ClockMegahertz() =>
        double.TryParse(CpuInfoField("cpu MHz"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double mhz) ? mhz : null;

    /// <summary>The repository root: the first directory holding Msmla.sln above the program or the working directory.</summary>
    /// <exception cref="DirectoryNotFoundException">The program does not run from the repository.</exception>
    public static string RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            string? directory = start;
            while (directory != null)
            {
                if (File.Exists(Path.Combine(directory, "Msmla.sln"))) return directory;
                directory = Path.GetDirectoryName(directory);
            }
        }
        throw new DirectoryNotFoundException("Run the benchmark from the Msmla repository: Msmla.sln not found above the program or the working directory.");
    }

    /// <summary>The ISA extensions that decide oneDNN's kernels, as /proc/cpuinfo lists them.</summary>
    public static string IsaFlags()
    {
        string[] flags = (CpuInfoField("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wanted = new (string Flag, string Name)[]
        {
            ("avx2", "AVX2"), ("fma", "FMA"), ("avx512f", "AVX-512F"), ("avx512_vnni", "AVX512-VNNI"), ("avx512_bf16", "AVX512-BF16"),
            ("avx512_fp16", "AVX512-FP16"), ("amx_tile", "AMX-TILE"), ("amx_bf16", "AMX-BF16"), ("amx_int8", "AMX-INT8"),
        };
        IEnumerable<string> present = wanted.Where(w => flags.Contains(w.Flag)).Select(w => w.Name);
        IEnumerable<string> absent = wanted.Where(w => !flags.Contains(w.Flag)).Select(w => w.Name);
        return $"{string.Join(" ", present)} (not: {(absent.Any() ? string.Join(" ", absent) : "none")})";
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The peak resident set of this process (kB), as the kernel keeps it.</summary>
    public static long PeakResidentKb()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line == null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>User + system CPU time of this process (all threads), in seconds.</summary>
    public static double CpuSeconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string? CpuInfoField(string name)
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return null;
        string? line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
