using System;
using System.IO;
using System.Threading;

namespace Msmla.Benchmarks.Data;

/// <summary>Resident memory of this process from /proc (Linux): the peak since a reset, sampled and as the kernel keeps it.</summary>
internal sealed class MemoryProbe : IDisposable
{
    private readonly Timer _timer;
    private long _peakSampled;

    private MemoryProbe()
    {
        _peakSampled = CurrentKb();
        _timer = new Timer(_ => Sample(), null, 0, 5);
    }

    /// <summary>Starts sampling after resetting the kernel's high-water mark (when allowed).</summary>
    public static MemoryProbe Start()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return new MemoryProbe();
    }

    public long PeakSampledKb => Interlocked.Read(ref _peakSampled);

    public static long CurrentKb() => Field("VmRSS:");

    public static long HighWaterKb() => Field("VmHWM:");

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        long now = CurrentKb();
        long seen;
        do
        {
            seen = Interlocked.Read(ref _peakSampled);
            if (now <= seen) return;
        }
        while (Interlocked.CompareExchange(ref _peakSampled, now, seen) != seen);
    }

    private static long Field(string name)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                    return long.Parse(line.Substring(name.Length).Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }
}
