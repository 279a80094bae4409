using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Benchmarks.Training;
using Msmla.Core.Data;
using Msmla.Core.Runtime;
using Msmla.Data.Statistics;
using Msmla.Data.Synthetic;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Training;
using TorchSharp;

// Epoch time and samples/s of LczTrainer.Fit against a bare loop over the same model, batches and optimizer, on the
// synthetic LCZ sample (CPU), interleaved round by round (alternating which goes first) so both see the same machine.
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

TorchRuntime.EnsureLoaded();
torch.set_num_threads(settings.Threads);
Console.WriteLine($"Msmla trainer benchmark: {settings.Threads} threads, {settings.Rounds} timed rounds after 1 warm-up, " +
    $"{settings.Patches} synthetic patches of {settings.PatchSize}x{settings.PatchSize}x10, batch {settings.BatchSize}, Adam lr 0.002; " +
    $"TorchSharp {typeof(torch).Assembly.GetName().Version}, {RuntimeInformation.FrameworkDescription}, {CpuName()}, {Environment.ProcessorCount} logical CPUs");

var sample = new SyntheticLczOptions { Seed = 7, PatchSize = settings.PatchSize };
ArrayPatchSource raw = SyntheticLczSample.CreateSource(sample, settings.Patches);
IPatchSource source = raw.Normalize(BandStatistics.Compute(raw).ToNormalization());
var batches = new BatchOptions { BatchSize = settings.BatchSize, Shuffle = true, Seed = 1, Prefetch = 2 };

var rows = new List<string>();
foreach (LczArchitecture architecture in settings.Architectures)
{
    var modelOptions = new LczModelOptions { PatchSize = settings.PatchSize, Seed = 1 };
    using LczModel trained = LczModels.Create(architecture, modelOptions);
    using LczModel bare = LczModels.Create(architecture, modelOptions);
    using var loop = new BareLoop(bare, 0.002);
    var trainerOptions = new TrainerOptions
    {
        Epochs = 1,
        BatchSize = settings.BatchSize,
        Seed = 1,
        Prefetch = batches.Prefetch,
        Device = ComputeDevice.Cpu,
        Optimizer = OptimizerOptions.KerasAdam(0.002),
        ProgressEveryBatches = 10,
    };
    var trainer = new LczTrainer(trained, trainerOptions);
    var progress = new Progress<TrainingProgress>(_ => { });
    var trainerSeconds = new List<double>();
    var bareSeconds = new List<double>();
    for (int round = 0; round <= settings.Rounds; round++)
    {
        double t = 0, b = 0;
        void RunTrainer()
        {
            // The whole Fit call: optimizer creation and the run's setup count as trainer overhead too.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            trainer.Fit(source, null, progress);
            t = clock.Elapsed.TotalSeconds;
        }
        void RunBare() => b = loop.Epoch(source, batches, 0);
        if (round % 2 == 0)
        {
            RunTrainer();
            RunBare();
        }
        else
        {
            RunBare();
            RunTrainer();
        }
        Console.Error.WriteLine($"{architecture} round {round}{(round == 0 ? " (warm-up)" : "")}: trainer {t:0.000} s, bare loop {b:0.000} s");
        if (round == 0) continue;
        trainerSeconds.Add(t);
        bareSeconds.Add(b);
    }
    double trainerMedian = Median(trainerSeconds), bareMedian = Median(bareSeconds);
    double overhead = (trainerMedian / bareMedian - 1) * 100;
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"| {trained.Info.Name} | {trainerMedian:0.00} | {settings.Patches / trainerMedian:0} | {bareMedian:0.00} | {settings.Patches / bareMedian:0} | {overhead:+0.0;-0.0}% | {Spread(trainerSeconds, bareSeconds)} |"));
}

Console.WriteLine();
Console.WriteLine("| model | trainer epoch (s) | trainer samples/s | bare loop epoch (s) | bare loop samples/s | trainer overhead | per-round overhead (min .. max) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
foreach (string row in rows) Console.WriteLine(row);
return 0;

static double Median(List<double> values)
{
    double[] sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Spread(List<double> trainer, List<double> bare)
{
    double[] overheads = trainer.Zip(bare, (t, b) => (t / b - 1) * 100).ToArray();
    return string.Create(CultureInfo.InvariantCulture, $"{overheads.Min():+0.0;-0.0}% .. {overheads.Max():+0.0;-0.0}%");
}

static string CpuName()
{
    try
    {
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
    catch (IOException)
    {
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
