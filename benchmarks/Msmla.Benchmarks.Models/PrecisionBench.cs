using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Models.Inference;
using static Msmla.Benchmarks.Models.Measurements;

namespace Msmla.Benchmarks.Models;

/// <summary>
/// float32 against bfloat16 on both sides, interleaved round by round: inference (Msmla's predictor in Float32 and
/// BFloat16; PyTorch's fx-fused channels-last model in float32, cast to bfloat16, and under autocast) and training
/// (channels-last Adam steps: Msmla float32 and its BFloat16Mixed step; PyTorch float32 and autocast bfloat16).
/// </summary>
internal static class PrecisionBench
{
    private const string InferOurs32 = "infer ours f32", InferOurs16 = "infer ours bf16";
    private const string InferTheirs32 = "infer PyTorch f32", InferTheirs16 = "infer PyTorch bf16", InferTheirsAuto = "infer PyTorch autocast";
    private const string TrainOurs32 = "train ours f32", TrainOurs16 = "train ours bf16-mixed";
    private const string TrainTheirs32 = "train PyTorch f32", TrainTheirsAuto = "train PyTorch autocast";

    public static string Run(BenchmarkSettings settings, PyTorchPeer? peer)
    {
        CpuFeatures cpu = CpuFeatures.Current;
        var results = new Measurements();
        for (int round = 1; round <= settings.Rounds; round++)
        {
            foreach (LczArchitecture architecture in settings.Architectures)
            {
                LczModelOptions options = settings.ModelOptions(architecture);
                long trainSamples = (long)settings.TrainBatch * settings.TrainSteps;
                long inferSamples = (long)settings.InferBatch * settings.InferBatches;
                int ib = settings.InferBatch, iw = settings.InferWarmup, ibatches = settings.InferBatches;
                int b = settings.TrainBatch, w = settings.TrainWarmup, n = settings.TrainSteps;

                results.Add(architecture, InferOurs32, inferSamples, TorchSharpBench.Infer(architecture, options, ib, iw, ibatches, fold: true, channelsLast: true));
                results.Add(architecture, InferOurs16, inferSamples,
                    TorchSharpBench.Infer(architecture, options, ib, iw, ibatches, fold: true, channelsLast: true, InferencePrecision.BFloat16));
                results.Add(architecture, TrainOurs32, trainSamples, TorchSharpBench.Train(architecture, options, b, w, n, channelsLast: true));
                results.Add(architecture, TrainOurs16, trainSamples, TorchSharpBench.Train(architecture, options, b, w, n, channelsLast: true, mixed: true));
                if (peer != null)
                {
                    results.Add(architecture, InferTheirs32, inferSamples, peer.Infer(architecture, options, ib, iw, ibatches, "fused-cl"));
                    results.Add(architecture, InferTheirs16, inferSamples, peer.Infer(architecture, options, ib, iw, ibatches, "fused-cl", "bf16"));
                    results.Add(architecture, InferTheirsAuto, inferSamples, peer.Infer(architecture, options, ib, iw, ibatches, "fused-cl", "autocast"));
                    results.Add(architecture, TrainTheirs32, trainSamples, peer.Train(architecture, options, b, w, n, channelsLast: true));
                    results.Add(architecture, TrainTheirsAuto, trainSamples, peer.Train(architecture, options, b, w, n, channelsLast: true, "autocast"));
                }
                Console.Error.WriteLine($"round {round}: {architecture} done");
            }
        }

        var text = new StringBuilder();
        text.AppendLine("CPU features: " + cpu + ". " + (cpu.HasNativeBFloat16
            ? "bfloat16 is native on this CPU."
            : "This CPU has neither AMX nor AVX512-BF16: libtorch emulates bfloat16, so the bfloat16 columns measure emulation, not a result."));
        text.AppendLine();
        text.AppendLine("| Model | Infer ours f32 | Infer ours bf16 | bf16/f32 | Infer PyTorch f32 | Infer PyTorch bf16 | Infer PyTorch autocast | ours bf16 / best PyTorch | " +
            "Train ours f32 | Train ours bf16-mixed | mixed/f32 | Train PyTorch f32 | Train PyTorch autocast | ours mixed / best PyTorch |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (LczArchitecture a in settings.Architectures)
        {
            double? Median(string column) => results.Median(a, column);
            double? bestInferTheirs = Max(Median(InferTheirs32), Median(InferTheirs16), Median(InferTheirsAuto));
            double? bestTrainTheirs = Max(Median(TrainTheirs32), Median(TrainTheirsAuto));
            text.Append("| ").Append(LczModels.Describe(a).Name)
                .Append(" | ").Append(Format(Median(InferOurs32))).Append(" | ").Append(Format(Median(InferOurs16)))
                .Append(" | ").Append(Ratio(Median(InferOurs16), Median(InferOurs32)))
                .Append(" | ").Append(Format(Median(InferTheirs32))).Append(" | ").Append(Format(Median(InferTheirs16))).Append(" | ").Append(Format(Median(InferTheirsAuto)))
                .Append(" | ").Append(Ratio(Max(Median(InferOurs16), Median(InferOurs32)), bestInferTheirs))
                .Append(" | ").Append(Format(Median(TrainOurs32))).Append(" | ").Append(Format(Median(TrainOurs16)))
                .Append(" | ").Append(Ratio(Median(TrainOurs16), Median(TrainOurs32)))
                .Append(" | ").Append(Format(Median(TrainTheirs32))).Append(" | ").Append(Format(Median(TrainTheirsAuto)))
                .Append(" | ").Append(Ratio(Max(Median(TrainOurs16), Median(TrainOurs32)), bestTrainTheirs)).AppendLine(" |");
        }
        text.AppendLine();
        text.AppendLine(Flops(settings, results, cpu));
        text.AppendLine("Samples per second (median over rounds). Inference: batch " + settings.InferBatch.ToString(CultureInfo.InvariantCulture) +
            ", Msmla's LczPredictor (BatchNorm folded, channels-last) against PyTorch's fx-fused channels-last model; training: batch " +
            settings.TrainBatch.ToString(CultureInfo.InvariantCulture) + ", channels-last, Adam. Ratios of the best of each side.");
        return text.ToString();
    }

    /// <summary>
    /// Achieved GFLOP/s against the machine's peak. A model's forward FLOPs are 2 x the weights of every convolution times
    /// its output pixels plus 2 x the weights of every dense layer (from <see cref="LczModel.Summary"/>'s traced shapes;
    /// biases, activations, pooling and attention gates are left out); a training step counts 3 forward passes. The peak
    /// is threads x clock x FLOPs per cycle: float32 with two 512-bit FMA units 64, with AVX2 32; bfloat16 on AMX 2,048
    /// (1,024 multiply-adds per cycle), with AVX512-BF16 only 128. The clock is /proc/cpuinfo's "cpu MHz" (in a virtual
    /// machine often the nominal clock, not the turbo).
    /// </summary>
    private static string Flops(BenchmarkSettings settings, Measurements results, CpuFeatures cpu)
    {
        double? megahertz = Machine.ClockMegahertz();
        double f32PerCycle = cpu.Avx512 ? 64 : cpu.Avx2 ? 32 : 8;
        double bf16PerCycle = cpu.AmxBFloat16 ? 2048 : cpu.Avx512BFloat16 ? 128 : f32PerCycle;
        double? peak32 = megahertz * 1e6 * settings.Threads * f32PerCycle / 1e9, peak16 = megahertz * 1e6 * settings.Threads * bf16PerCycle / 1e9;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Achieved GFLOP/s (share of peak). Peak: {settings.Threads} thread(s) x {(megahertz is double m ? $"{m:F0} MHz" : "unknown clock")} x " +
            $"{f32PerCycle:F0} float32 / {bf16PerCycle:F0} bfloat16 FLOPs per cycle = {Format(peak32)} / {Format(peak16)} GFLOP/s.");
        text.AppendLine();
        text.AppendLine("| Model | forward MFLOP per patch | infer f32 | infer bf16 | train f32 | train bf16-mixed |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (LczArchitecture a in settings.Architectures)
        {
            using LczModel model = LczModels.Create(a, settings.ModelOptions(a));
            double forward = 0;
            foreach (Msmla.Models.Summary.ModelSummaryRow row in model.Summary().Rows)
            {
                if (row.OutputShape == null) continue;
                if (row.Type == "Conv2d") forward += 2.0 * row.TrainableParameters * row.OutputShape[2] * row.OutputShape[3];
                else if (row.Type == "Linear") forward += 2.0 * row.TrainableParameters;
            }
            string Cell(string column, double perSample, double? peak) =>
                results.Median(a, column) is double rate
                    ? string.Create(CultureInfo.InvariantCulture, $"{rate * perSample / 1e9:F1}") + (peak is double p ? string.Create(CultureInfo.InvariantCulture, $" ({100 * rate * perSample / 1e9 / p:F1} %)") : "")
                    : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {LczModels.Describe(a).Name} | {forward / 1e6:F1} | {Cell(InferOurs32, forward, peak32)} | {Cell(InferOurs16, forward, peak16)} | " +
                $"{Cell(TrainOurs32, 3 * forward, peak32)} | {Cell(TrainOurs16, 3 * forward, peak16)} |");
        }
        return text.ToString();
    }
}
