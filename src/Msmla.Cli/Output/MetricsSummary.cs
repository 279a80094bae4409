using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Metrics;

namespace Msmla.Cli.Output
{
    /// <summary>The metrics of an evaluation as JSON (<c>--json</c>); undefined values are the string "NaN".</summary>
    internal sealed record MetricsSummary(
        long Samples,
        long Correct,
        double OverallAccuracy,
        double Kappa,
        double AverageAccuracy,
        double MacroF1,
        double WeightedF1,
        double MacroPrecision,
        double MacroRecall,
        double? WeightedAccuracy,
        double? BuiltUpAccuracy,
        double? NaturalAccuracy,
        IReadOnlyList<ClassSummary> PerClass,
        long[][] ConfusionMatrix)
    {
        /// <summary>The summary of metrics computed from a matrix.</summary>
        public static MetricsSummary From(ClassificationMetrics metrics, ConfusionMatrix matrix)
        {
            long[,] counts = matrix.ToArray();
            long[][] rows = Enumerable.Range(0, matrix.ClassCount)
                .Select(i => Enumerable.Range(0, matrix.ClassCount).Select(j => counts[i, j]).ToArray())
                .ToArray();
            return new MetricsSummary(metrics.Total, metrics.Correct, metrics.MicroAccuracy, metrics.Kappa, metrics.MacroAccuracy,
                metrics.MacroF1, metrics.WeightedF1, metrics.MacroPrecision, metrics.MacroRecall,
                metrics.WeightedAccuracy, metrics.BuiltUpAccuracy, metrics.NaturalAccuracy,
                metrics.PerClass.Select(c => new ClassSummary(c.Code, c.Name, c.Support, c.PredictedCount, c.Precision, c.Recall, c.F1)).ToArray(),
                rows);
        }
    }
}
