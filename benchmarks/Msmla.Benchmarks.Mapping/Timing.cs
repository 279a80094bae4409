using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Msmla.Benchmarks.Mapping;

/// <summary>Wall and process CPU seconds of one run.</summary>
internal readonly record struct Timing(double Seconds, double Cpu)
{
    public static Timing Of(Action action)
    {
        double cpu = Machine.CpuSeconds();
        var clock = Stopwatch.StartNew();
        action();
        clock.Stop();
        return new Timing(clock.Elapsed.TotalSeconds, Machine.CpuSeconds() - cpu);
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public override string ToString() => FormattableString.Invariant($"{Seconds:F2}/{Cpu:F2}");
}
