using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Benchmarks;
using Msmla.Benchmarks.Contention;

// Training throughput of msmla executables (for example before and after a change) next to 0, 1, 2 ... single-threaded
// busy processes: every variant runs `msmla demo` once per round with the same competitors alive, in an order that
// rotates from round to round, so all see the same machine. `--spin` is the competitor itself.
if (args is ["--spin"])
{
    Competitors.Spin();
    return 0;
}

ContentionSettings settings;
try
{
    settings = ContentionSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

int cores = Environment.ProcessorCount;
Console.WriteLine($"Msmla contention benchmark: msmla demo --epochs {settings.Epochs} --train-patches {settings.TrainPatches} " +
    $"--validation-patches 64 --test-patches 64 --scene-size 64x64, {settings.Rounds} rounds per competitor count; " +
    $"{Machine.CpuModel()}, {cores} CPUs for this process, {RuntimeInformation.OSDescription}; load average at start {Machine.LoadAverage()}");
foreach (Variant v in settings.Variants)
    Console.WriteLine($"  {v.Label}: {v.Executable}{string.Concat(v.Environment.Select(e => $" {e.Key}={e.Value}"))}");

var runs = new Dictionary<(int Competitors, string Label), List<DemoRun>>();
var loads = new List<double>();
foreach (int competitors in settings.Competitors)
{
    using var busy = new Competitors(competitors);
    for (int round = 0; round < settings.Rounds; round++)
    {
        // Rotate the order so no variant always runs first (or right after the competitors started).
        IEnumerable<Variant> order = settings.Variants.Skip(round % settings.Variants.Count).Concat(settings.Variants.Take(round % settings.Variants.Count));
        foreach (Variant variant in order)
        {
            string directory = Path.Combine(settings.WorkDirectory, $"{Safe(variant.Label)}-{competitors}-{round}");
            DemoRun run = DemoRun.Execute(variant, settings, directory);
            double load = double.Parse(Machine.LoadAverage().Split(' ')[0], CultureInfo.InvariantCulture);
            loads.Add(load);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{competitors} competitors, round {round}, {variant.Label}: training {run.EpochSeconds:0.00} s/epoch ({run.SamplesPerSecond:0} samples/s), wall {run.WallSeconds:0.0} s, CPU {run.CpuSeconds:0.0} s; load {load:0.0}"));
            if (!runs.TryGetValue((competitors, variant.Label), out List<DemoRun>? list)) runs[(competitors, variant.Label)] = list = new List<DemoRun>();
            list.Add(run);
            Directory.Delete(directory, recursive: true);
        }
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Load average (1 min) after each run: median {Statistics.Median(loads):0.0}, {loads.Min():0.0} .. {loads.Max():0.0}; at the end {Machine.LoadAverage()}"));
Console.WriteLine();
Console.WriteLine("| competing processes | variant | training s/epoch, median (min .. max) | samples/s | against its own 0-competitor time | goal: 1.3 x quiet x fair share | met | wall s | CPU s |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---|---:|---:|");
int quietCompetitors = settings.Competitors.Min();
foreach (int competitors in settings.Competitors)
{
    foreach (Variant variant in settings.Variants)
    {
        List<DemoRun> list = runs[(competitors, variant.Label)];
        double epoch = Statistics.Median(list.Select(r => r.EpochSeconds));
        double quiet = Statistics.Median(runs[(quietCompetitors, variant.Label)].Select(r => r.EpochSeconds));
        // The demo uses one thread per CPU; with k single-threaded competitors the scheduler's fair share leaves it
        // cores x threads / (threads + k) CPUs, so the time scales by (threads + k) / threads.
        double goal = 1.3 * quiet * Math.Max(1.0, (cores + competitors) / (double)cores);
        string goalText = competitors == quietCompetitors ? "" : string.Create(CultureInfo.InvariantCulture, $"{goal:0.00}");
        string met = competitors == quietCompetitors ? "" : epoch <= goal ? "yes" : "no";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {competitors} | {variant.Label} | {epoch:0.00} ({list.Min(r => r.EpochSeconds):0.00} .. {list.Max(r => r.EpochSeconds):0.00}) | " +
            $"{Statistics.Median(list.Select(r => r.SamplesPerSecond)):0} | {epoch / quiet:0.00}x | {goalText} | {met} | " +
            $"{Statistics.Median(list.Select(r => r.WallSeconds)):0.0} | {Statistics.Median(list.Select(r => r.CpuSeconds)):0.0} |"));
    }
}
return 0;

static string Safe(string label) => string.Concat(label.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
