using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Models.Inference;

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
                LczModelOptions options;
                using (LczModel probe = LczModels.Create(architecture, new LczModelOptions { Bands = settings.Bands, PatchSize = settings.PatchSize, Seed = 1 }))
                    options = probe.Options;
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
        text.AppendLine("Samples per second (median over rounds). Inference: batch " + settings.InferBatch.ToString(CultureInfo.InvariantCulture) +
            ", Msmla's LczPredictor (BatchNorm folded, channels-last) against PyTorch's fx-fused channels-last model; training: batch " +
            settings.TrainBatch.ToString(CultureInfo.InvariantCulture) + ", channels-last, Adam. Ratios of the best of each side.");
        return text.ToString();
    }

    private static double? Max(params double?[] values) => values.Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty().Max() is double m && m > 0 ? m : null;

    private static string Format(double? value) => value is double v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? a, double? b) =>
        a is double x && b is double y ? (x / y).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
}
