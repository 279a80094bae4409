using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Benchmarks.Data;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data;
using Msmla.Data.So2Sat;
using Msmla.Data.Synthetic;

// Msmla.Data reader throughput against h5py fancy indexing on the same multi-GB So2Sat-layout file,
// in the same run, interleaved. Usage:
//   dotnet run -c Release --project benchmarks/Msmla.Benchmarks.Data -- [--file PATH] [--patches N]
//       [--repeats R] [--python PATH] [--no-cold] [--both] [--delete]
var settings = Settings.Parse(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"# Msmla.Data reader benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");

long expectedBytes = settings.Patches * (32L * 32 * 18 * 8 + 17 * 8);
if (!File.Exists(settings.File) || new FileInfo(settings.File).Length < expectedBytes)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.File))!);
    Console.WriteLine($"writing {settings.Patches:N0} synthetic patches (sen1 + sen2 + label, float64) to {settings.File} ...");
    var write = Stopwatch.StartNew();
    SyntheticLczSample.WriteSo2Sat(settings.File, new SyntheticLczOptions { Seed = 1, Sentinel1Channels = 8 }, settings.Patches);
    write.Stop();
    long bytes = new FileInfo(settings.File).Length;
    Console.WriteLine($"wrote {bytes / 1e9:F2} GB in {write.Elapsed.TotalSeconds:F1} s ({bytes / 1e6 / write.Elapsed.TotalSeconds:F0} MB/s, generation included) with So2SatWriter");
}
long fileBytes = new FileInfo(settings.File).Length;
Console.WriteLine($"file: {settings.File}, {fileBytes / 1e9:F2} GB");

var h5py = new H5PyReader(settings.Python);
if (!h5py.Available())
{
    Console.WriteLine($"{settings.Python} cannot import h5py and numpy: install python3-h5py; no comparison possible.");
    return 1;
}
bool canDrop = settings.Cold && PageCache.TryDrop();
Console.WriteLine(canDrop ? "cold runs: the page cache is dropped before each cold run (echo 3 > /proc/sys/vm/drop_caches)." : "cold runs: skipped (dropping the page cache is not permitted or --no-cold).");

var cases = new List<Case>
{
    new("shuffled", 32, SensorModality.Sentinel2),
    new("sequential", 256, SensorModality.Sentinel2),
};
if (settings.Both)
{
    cases.Add(new("shuffled", 32, SensorModality.Both));
    cases.Add(new("sequential", 256, SensorModality.Both));
}

var rows = new List<string>();
var memoryRows = new List<string>();
foreach (string cache in canDrop ? new[] { "cold", "warm" } : new[] { "warm" })
{
    foreach (Case c in cases)
    {
        var ours = new List<double>();
        var oursSingle = new List<double>();
        var theirs = new List<double>();
        var theirsConverted = new List<double>();
        var oursCpu = new List<double>();
        var theirsCpu = new List<double>();
        var theirsConvertedCpu = new List<double>();
        OurRun? last = null;
        long pythonRss = 0;
        for (int r = 0; r < settings.Repeats; r++)
        {
            // Alternate who goes first; each run starts from the same cache state.
            var order = r % 2 == 0 ? new[] { 0, 1, 2, 3 } : new[] { 3, 2, 1, 0 };
            foreach (int who in order)
            {
                Prepare(cache, settings.File);
                if (who == 0)
                {
                    last = RunOurs(settings.File, c, seed: r, readThreads: 2);
                    ours.Add(last.PatchesPerSecond);
                    oursCpu.Add(last.CpuMicrosecondsPerPatch);
                }
                else if (who == 3)
                {
                    oursSingle.Add(RunOurs(settings.File, c, seed: r, readThreads: 1).PatchesPerSecond);
                }
                else
                {
                    var result = h5py.Read(settings.File, c.Mode, c.Batch, r, convert: who == 2, c.Modality == SensorModality.Both ? "sen2,sen1" : "sen2");
                    (who == 1 ? theirs : theirsConverted).Add(result.Patches / result.Seconds);
                    (who == 1 ? theirsCpu : theirsConvertedCpu).Add(result.CpuSeconds * 1e6 / result.Patches);
                    pythonRss = Math.Max(pythonRss, result.MaxRssKb);
                }
            }
        }
        double m = Median(ours), m2 = Median(oursSingle), h = Median(theirs), hc = Median(theirsConverted);
        string data = c.Modality == SensorModality.Both ? "sen2 + sen1" : "sen2";
        rows.Add($"| {c.Mode} {c.Batch} | {data} | {cache} | {m:N0} | {h:N0} | {hc:N0} | {m / h:F2}x | {m2:N0} | {Median(oursCpu):F1} | {Median(theirsCpu):F1} | {Median(theirsConvertedCpu):F1} |");
        memoryRows.Add($"| {c.Mode} {c.Batch} | {data} | {cache} | {last!.RssBeforeKb / 1024.0:F0} | {last.PeakRssKb / 1024.0:F0} | {last.RssAfterKb / 1024.0:F0} | {last.ManagedGrowthBytes / 1e6:F1} | {pythonRss / 1024.0:F0} |");
        Console.WriteLine($"{cache} {c.Mode} {c.Batch} {data}: Msmla {Join(ours)}; Msmla 1 thread {Join(oursSingle)}; h5py {Join(theirs)}; h5py+convert {Join(theirsConverted)} patches/s; CPU us/patch Msmla {Join(oursCpu, "F1")}; h5py {Join(theirsCpu, "F1")}; h5py+convert {Join(theirsConvertedCpu, "F1")}");
    }
}

Console.WriteLine();
Console.WriteLine($"Patches per second over one epoch of {settings.Patches:N0} patches (median of {settings.Repeats}; higher is better).");
Console.WriteLine("Msmla: So2SatReader, float32 NCHW batches with 0-based labels, NaN check on, prefetch 2, two read threads (the default; \"1 read thread\": ReadThreads = 1). h5py: `f['sen2'][sorted_indices]` (shuffled) or `f['sen2'][i:i+256]` (sequential) plus the labels, float64 NHWC as stored; \"+ float32 NCHW\" also converts like Msmla does.");
Console.WriteLine();
Console.WriteLine("| batches | data | page cache | Msmla | h5py fancy indexing | h5py + float32 NCHW | Msmla / h5py | Msmla, 1 read thread | CPU us/patch Msmla | CPU us/patch h5py | CPU us/patch h5py + float32 NCHW |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("Resident memory of the benchmark process over the last Msmla epoch of each case (MB; the file is read with positional reads, so the page cache is not counted):");
Console.WriteLine();
Console.WriteLine("| batches | data | page cache | RSS before | peak RSS during epoch | RSS after | managed heap growth | h5py process peak RSS |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
memoryRows.ForEach(Console.WriteLine);
if (!settings.Keep && settings.DeleteAfter) File.Delete(settings.File);
return 0;

static void Prepare(string cache, string file)
{
    if (cache == "cold") PageCache.TryDrop();
    else PageCache.Warm(file);
}

static OurRun RunOurs(string path, Case c, int seed, int readThreads)
{
    using Hdf5PatchSource source = So2SatReader.Open(path, new So2SatReadOptions { Modality = c.Modality, ReadThreads = readThreads });
    if (!source.ReadsDirectly) throw new InvalidOperationException("Expected direct reads of a contiguous file.");
    var options = new BatchOptions { BatchSize = c.Batch, Shuffle = c.Mode == "shuffled", Seed = seed, Prefetch = 2 };
    GC.Collect();
    GC.WaitForPendingFinalizers();
    long heapBefore = GC.GetTotalMemory(true);
    long rssBefore = MemoryProbe.CurrentKb();
    long patches = 0;
    float sink = 0;
    Stopwatch watch;
    long peak;
    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    using (MemoryProbe probe = MemoryProbe.Start())
    {
        watch = Stopwatch.StartNew();
        foreach (PatchBatch batch in source.ReadBatches(options))
        {
            using (batch)
            {
                patches += batch.Count;
                sink += batch.Data[batch.Data.Length - 1] + batch.Labels[0];
            }
        }
        watch.Stop();
        peak = Math.Max(probe.PeakSampledKb, MemoryProbe.HighWaterKb());
    }
    double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    if (float.IsNaN(sink)) Console.WriteLine("(NaN seen)");
    long heapAfter = GC.GetTotalMemory(true);
    return new OurRun(patches / watch.Elapsed.TotalSeconds, cpu * 1e6 / patches, rssBefore, peak, MemoryProbe.CurrentKb(), heapAfter - heapBefore);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Join(List<double> values, string format = "N0") => string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

internal sealed record Case(string Mode, int Batch, SensorModality Modality);

internal sealed record OurRun(double PatchesPerSecond, double CpuMicrosecondsPerPatch, long RssBeforeKb, long PeakRssKb, long RssAfterKb, long ManagedGrowthBytes);

internal sealed record Settings(string File, long Patches, int Repeats, string Python, bool Cold, bool Both, bool Keep, bool DeleteAfter)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(Path.Combine(Path.GetTempPath(), "msmla-bench", "so2sat-24000.h5"), 24_000, 3, "/usr/bin/python3", true, false, true, false);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            s = args[i] switch
            {
                "--file" => s with { File = Next() },
                "--patches" => s with { Patches = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--repeats" => s with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--python" => s with { Python = Next() },
                "--no-cold" => s with { Cold = false },
                "--both" => s with { Both = true },
                "--delete" => s with { Keep = false, DeleteAfter = true },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }
        if (s.Patches < 1 || s.Repeats < 1) throw new ArgumentException("--patches and --repeats must be positive.");
        return s;
    }
}
