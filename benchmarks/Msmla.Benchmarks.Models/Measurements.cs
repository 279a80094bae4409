using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Msmla.Models;

namespace Msmla.Benchmarks.Models;

/// <summary>Throughputs (samples per second) per model and column over the rounds; renders the median as a markdown table.</summary>
internal sealed class Measurements
{
    public const string TrainOurs = "train TorchSharp";
    public const string TrainOursChannelsLast = "train TorchSharp CL";
    public const string TrainPyTorch = "train PyTorch";
    public const string TrainPyTorchChannelsLast = "train PyTorch CL";
    public const string InferOursEval = "infer TorchSharp eval";
    public const string InferOursPredictor = "infer TorchSharp predictor";
    public const string InferPyTorchEval = "infer PyTorch eval";
    public const string InferPyTorchFused = "infer PyTorch fx-fused+CL";

    private readonly Dictionary<(LczArchitecture, string), List<double>> _values = new();

    public void Add(LczArchitecture architecture, string column, long samples, double seconds)
    {
        if (!_values.TryGetValue((architecture, column), out List<double>? list)) _values[(architecture, column)] = list = new List<double>();
        list.Add(samples / seconds);
    }

    public double? Median(LczArchitecture architecture, string column)
    {
        if (!_values.TryGetValue((architecture, column), out List<double>? list) || list.Count == 0) return null;
        double[] sorted = list.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public string ToMarkdown(IEnumerable<LczArchitecture> architectures)
    {
        var text = new StringBuilder();
        text.AppendLine("| Model | Train TorchSharp | Train TorchSharp CL | Train PyTorch | Train PyTorch CL | train ratio | Infer TorchSharp eval | Infer TorchSharp predictor | Infer PyTorch eval | Infer PyTorch fx-fused+CL | infer ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (LczArchitecture a in architectures)
        {
            double? bestTrainOurs = Max(Median(a, TrainOurs), Median(a, TrainOursChannelsLast));
            double? bestTrainTheirs = Max(Median(a, TrainPyTorch), Median(a, TrainPyTorchChannelsLast));
            double? bestInferTheirs = Max(Median(a, InferPyTorchEval), Median(a, InferPyTorchFused));
            text.Append("| ").Append(LczModels.Describe(a).Name);
            foreach (string column in new[] { TrainOurs, TrainOursChannelsLast, TrainPyTorch, TrainPyTorchChannelsLast })
                text.Append(" | ").Append(Format(Median(a, column)));
            text.Append(" | ").Append(Ratio(bestTrainOurs, bestTrainTheirs));
            foreach (string column in new[] { InferOursEval, InferOursPredictor, InferPyTorchEval, InferPyTorchFused })
                text.Append(" | ").Append(Format(Median(a, column)));
            text.Append(" | ").Append(Ratio(Median(a, InferOursPredictor), bestInferTheirs)).AppendLine(" |");
        }
        text.AppendLine();
        text.AppendLine("Samples per second (median over rounds). Ratios: best TorchSharp training / best PyTorch training; " +
            "TorchSharp predictor (BatchNorm folded, channels-last, inference mode) / best PyTorch inference.");
        return text.ToString();
    }

    /// <summary>The largest of the values present, or null when none is positive.</summary>
    public static double? Max(params double?[] values) => values.Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty().Max() is double m && m > 0 ? m : null;

    /// <summary>A throughput for a table: thousands separated, "-" when absent.</summary>
    public static string Format(double? value) => value is double v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    /// <summary>ours / theirs as "1.23x", "-" when either is absent.</summary>
    public static string Ratio(double? ours, double? theirs) =>
        ours is double o && theirs is double t ? (o / t).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
}
