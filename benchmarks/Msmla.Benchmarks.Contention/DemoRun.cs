using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Msmla.Benchmarks.Contention;

/// <summary>One timed <c>msmla demo</c> run.</summary>
/// <param name="WallSeconds">The whole process, from start to exit.</param>
/// <param name="EpochSeconds">Training patches over <paramref name="SamplesPerSecond"/>: the training part of an epoch.</param>
/// <param name="SamplesPerSecond">The median training throughput of the epochs after the first (history.csv's samples_per_second).</param>
/// <param name="CpuSeconds">User and system CPU time of the process.</param>
internal sealed record DemoRun(double WallSeconds, double EpochSeconds, double SamplesPerSecond, double CpuSeconds)
{
    /// <summary>Runs the demo of <paramref name="variant"/> into a fresh directory and reads its history.</summary>
    public static DemoRun Execute(Variant variant, ContentionSettings settings, string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        var info = new ProcessStartInfo(variant.Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            "demo", "--quiet", "--epochs", Text(settings.Epochs), "--train-patches", Text(settings.TrainPatches),
            "--validation-patches", "64", "--test-patches", "64", "--scene-size", "64x64", "--output", directory,
        })
        {
            info.ArgumentList.Add(argument);
        }
        // The library's own choice unless the variant sets one.
        foreach (string name in new[] { "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS" }) info.Environment.Remove(name);
        foreach (var (name, value) in variant.Environment) info.Environment[name] = value;

        double cpuBefore = ChildCpuSeconds();
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        double cpu = ChildCpuSeconds() - cpuBefore;
        _ = stdout.Result;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{variant.Label}: msmla demo exited with {process.ExitCode}:\n{stderr}");

        string[] lines = File.ReadAllLines(Path.Combine(directory, "history.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "samples_per_second");
        double[] rates = lines.Skip(2).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
        double median = Statistics.Median(rates);
        return new DemoRun(wall, settings.TrainPatches / median, median, cpu);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>User plus system time of the children that have ended and been waited for (getrusage RUSAGE_CHILDREN).</summary>
    private static double ChildCpuSeconds()
    {
        // struct rusage starts with two struct timeval (seconds, microseconds as longs) on 64-bit Linux.
        var usage = new long[18];
        if (GetRUsage(-1, usage) != 0) return double.NaN;
        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, [Out] long[] usage);
}
