using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Benchmarks;
using Msmla.Benchmarks.Models;
using Msmla.Core.Runtime;
using Msmla.Models;
using TorchSharp;

// Training (batch 32, Adam) and inference (batch 256) throughput of every Msmla model at 32x32x10 on the CPU,
// side by side with the same networks in PyTorch (lcz_pytorch.py), interleaved round by round, same thread count.
BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

TorchRuntime.EnsureLoaded();
torch.set_num_threads(settings.Threads);
string twins = Path.Combine(Machine.RepositoryRoot(), "tests", "Msmla.Models.Tests", "Architectures");
string peerReason = "skipped (--no-pytorch)";
using PyTorchPeer? peer = settings.SkipPyTorch ? null : PyTorchPeer.Start(settings.Python, twins, settings.Threads, settings.CpuClock, out peerReason);
TorchSharpBench.CpuClock = settings.CpuClock;
Console.WriteLine($"Msmla model benchmark: {settings.Threads} threads, {settings.Rounds} rounds, TorchSharp {typeof(torch).Assembly.GetName().Version}, " +
    $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}, {Machine.CpuModel()} ({CpuFeatures.Current}), {Environment.ProcessorCount} logical CPUs");
Console.WriteLine($"PyTorch peer: {peerReason}");
Console.WriteLine($"Clock: {(settings.CpuClock ? "process CPU time" : "wall time")}");
Console.WriteLine($"Train: batch {settings.TrainBatch}, {settings.TrainWarmup} warm-up + {settings.TrainSteps} timed Adam steps. " +
    $"Infer: batch {settings.InferBatch}, {settings.InferWarmup} warm-up + {settings.InferBatches} timed batches. Patches {settings.PatchSize}x{settings.PatchSize}x{settings.Bands}.");

if (settings.Phases)
{
    Console.WriteLine($"Phases of a training step ({(settings.PhasesChannelsLast ? "channels-last" : "NCHW")}), ms per step of {settings.TrainBatch}, " +
        $"fastest of {settings.TrainSteps} steps x {settings.Rounds} rounds:");
    Console.WriteLine();
    Console.WriteLine("| Model | side | zero_grad | forward + loss | backward | Adam step | whole step |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
    foreach (LczArchitecture architecture in settings.Architectures)
    {
        LczModelOptions options = settings.ModelOptions(architecture);
        StepPhases? ours = null, theirs = null;
        for (int round = 1; round <= settings.Rounds; round++)
        {
            StepPhases o = TorchSharpBench.TrainPhases(architecture, options, settings.TrainBatch, settings.TrainWarmup, settings.TrainSteps, settings.PhasesChannelsLast);
            ours = ours == null ? o : ours.Min(o);
            if (peer == null) continue;
            StepPhases t = peer.TrainPhases(architecture, options, settings.TrainBatch, settings.TrainWarmup, settings.TrainSteps, settings.PhasesChannelsLast);
            theirs = theirs == null ? t : theirs.Min(t);
        }
        string name = LczModels.Describe(architecture).Name;
        Console.WriteLine(PhaseRow(name, "Msmla (TorchSharp)", ours!));
        if (theirs != null) Console.WriteLine(PhaseRow(name, $"PyTorch {peer!.Version}", theirs));
    }
    return 0;
}

if (settings.Agreement)
{
    string agreement = AgreementBench.Run(settings);
    Console.WriteLine();
    Console.WriteLine(agreement);
    if (settings.MarkdownPath != null) File.WriteAllText(settings.MarkdownPath, agreement);
    return 0;
}

if (settings.Precision)
{
    string precisionTable = PrecisionBench.Run(settings, peer);
    Console.WriteLine();
    Console.WriteLine(precisionTable);
    if (settings.MarkdownPath != null) File.WriteAllText(settings.MarkdownPath, precisionTable);
    return 0;
}

var results = new Measurements();
for (int round = 1; round <= settings.Rounds; round++)
{
    foreach (LczArchitecture architecture in settings.Architectures)
    {
        LczModelOptions options = settings.ModelOptions(architecture);
        long trainSamples = (long)settings.TrainBatch * settings.TrainSteps;
        long inferSamples = (long)settings.InferBatch * settings.InferBatches;

        int b = settings.TrainBatch, w = settings.TrainWarmup, n = settings.TrainSteps;
        results.Add(architecture, Measurements.TrainOurs, trainSamples, TorchSharpBench.Train(architecture, options, b, w, n, channelsLast: false));
        if (peer != null) results.Add(architecture, Measurements.TrainPyTorch, trainSamples, peer.Train(architecture, options, b, w, n, channelsLast: false));
        results.Add(architecture, Measurements.TrainOursChannelsLast, trainSamples, TorchSharpBench.Train(architecture, options, b, w, n, channelsLast: true));
        if (peer != null) results.Add(architecture, Measurements.TrainPyTorchChannelsLast, trainSamples, peer.Train(architecture, options, b, w, n, channelsLast: true));

        int ib = settings.InferBatch, iw = settings.InferWarmup, ibatches = settings.InferBatches;
        results.Add(architecture, Measurements.InferOursEval, inferSamples, TorchSharpBench.Infer(architecture, options, ib, iw, ibatches, fold: false, channelsLast: false));
        if (peer != null) results.Add(architecture, Measurements.InferPyTorchEval, inferSamples, peer.Infer(architecture, options, ib, iw, ibatches, "eval"));
        results.Add(architecture, Measurements.InferOursPredictor, inferSamples, TorchSharpBench.Infer(architecture, options, ib, iw, ibatches, fold: true, channelsLast: true));
        if (peer != null) results.Add(architecture, Measurements.InferPyTorchFused, inferSamples, peer.Infer(architecture, options, ib, iw, ibatches, "fused-cl"));
        Console.Error.WriteLine($"round {round}: {architecture} done");
    }
}

string table = results.ToMarkdown(settings.Architectures);
Console.WriteLine();
Console.WriteLine("Samples per second, median over rounds:");
Console.WriteLine(table);
if (settings.MarkdownPath != null) File.WriteAllText(settings.MarkdownPath, table);
return 0;

static string PhaseRow(string model, string side, StepPhases p) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
    $"| {model} | {side} | {p.ZeroGrad * 1e3:F1} | {p.Forward * 1e3:F1} | {p.Backward * 1e3:F1} | {p.OptimizerStep * 1e3:F1} | {p.Total * 1e3:F1} |");


