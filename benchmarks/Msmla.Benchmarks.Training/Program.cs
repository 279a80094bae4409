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
    $"{settings.Patches} synthetic patches of {settings.PatchSize}x{settings.PatchSize}x10, batch {settings.BatchSize}, Adam lr 0.002, " +
    $"{(settings.ChannelsLast ? "channels-last" : "NCHW")}; " +
    $"TorchSharp {typeof(torch).Assembly.GetName().Version}, {RuntimeInformation.FrameworkDescription}, {CpuName()}, {Environment.ProcessorCount} logical CPUs");

var sample = new SyntheticLczOptions { Seed = 7, PatchSize = settings.PatchSize };
ArrayPatchSource raw = SyntheticLczSample.CreateSource(sample, settings.Patches);
IPatchSource source = raw.Normalize(BandStatistics.Compute(raw).ToNormalization());
var batches = new BatchOptions { BatchSize = settings.BatchSize, Shuffle = true, Seed = 1, Prefetch = 2 };

var rows = new List<string>();
foreach (LczArchitecture architecture in settings.Architectures)
{
    // Every round starts both sides from the same fresh model (same seed) with a fresh Adam, so they do the same work.
    var modelOptions = new LczModelOptions { PatchSize = settings.PatchSize, Seed = 1 };
    string modelName = LczModels.Describe(architecture, modelOptions).Name;
    var trainerOptions = new TrainerOptions
    {
        Epochs = 1,
        BatchSize = settings.BatchSize,
        Seed = 1,
        Prefetch = batches.Prefetch,
        Device = ComputeDevice.Cpu,
        Optimizer = OptimizerOptions.KerasAdam(0.002),
        ProgressEveryBatches = 10,
        ChannelsLast = settings.ChannelsLast,
    };
    var progress = new Progress<TrainingProgress>(_ => { });
    var trainerSeconds = new List<double>();
    var bareSeconds = new List<double>();
    var trainerCpu = new List<double>();
    var bareCpu = new List<double>();
    var trainerEpochs = new List<double>();
    for (int round = 0; round <= settings.Rounds; round++)
    {
        double t = 0, b = 0, tc = 0, bc = 0, te = 0;
        void RunTrainer()
        {
            // The whole Fit call: optimizer creation and the run's setup count as trainer overhead too.
            using LczModel model = LczModels.Create(architecture, modelOptions);
            var trainer = new LczTrainer(model, trainerOptions);
            double cpu = CpuSeconds();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            TrainingHistory history = trainer.Fit(source, null, progress);
            t = clock.Elapsed.TotalSeconds;
            te = history.Epochs[0].DurationSeconds;
            tc = CpuSeconds() - cpu;
        }
        void RunBare()
        {
            using LczModel model = LczModels.Create(architecture, modelOptions);
            if (settings.ChannelsLast) model.UseChannelsLast();
            using var loop = new BareLoop(model, 0.002);
            double cpu = CpuSeconds();
            b = loop.Epoch(source, batches, 0);
            bc = CpuSeconds() - cpu;
        }
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
        Console.Error.WriteLine($"{architecture} round {round}{(round == 0 ? " (warm-up)" : "")}: trainer {t:0.000} s ({tc:0.000} s CPU; epoch as recorded {te:0.000} s), bare loop {b:0.000} s ({bc:0.000} s CPU)");
        if (round == 0) continue;
        trainerSeconds.Add(t);
        bareSeconds.Add(b);
        trainerCpu.Add(tc);
        bareCpu.Add(bc);
        trainerEpochs.Add(te);
    }
    double trainerMedian = Median(trainerSeconds), bareMedian = Median(bareSeconds);
    double overhead = (trainerMedian / bareMedian - 1) * 100;
    double cpuOverhead = (Median(trainerCpu) / Median(bareCpu) - 1) * 100;
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"| {modelName} | {trainerMedian:0.00} | {settings.Patches / trainerMedian:0} | {bareMedian:0.00} | {settings.Patches / bareMedian:0} | {overhead:+0.0;-0.0}% | " +
        $"{trainerSeconds.Min():0.00} / {bareSeconds.Min():0.00} ({(trainerSeconds.Min() / bareSeconds.Min() - 1) * 100:+0.0;-0.0}%) | {Spread(trainerSeconds, bareSeconds)} | " +
        $"{Median(trainerCpu):0.00} / {Median(bareCpu):0.00} | {cpuOverhead:+0.0;-0.0}% | " +
        $"{Median(trainerEpochs):0.00} ({(Median(trainerEpochs) / bareMedian - 1) * 100:+0.0;-0.0}%) | {(Median(trainerSeconds.Zip(trainerEpochs, (f, e) => f - e).ToList())) * 1000:0} ms |"));
}

Console.WriteLine();
Console.WriteLine("| model | trainer Fit of 1 epoch (s) | trainer samples/s | bare loop epoch (s) | bare loop samples/s | trainer overhead | fastest, trainer / bare | per-round overhead (min .. max) | CPU s, trainer / bare | overhead in CPU time | trainer epoch as recorded (s) | one-off Fit setup |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
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

static double CpuSeconds()
{
    using var process = System.Diagnostics.Process.GetCurrentProcess();
    return process.TotalProcessorTime.TotalSeconds;
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
