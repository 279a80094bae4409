using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Core.Metrics;
using Cell = Msmla.Core.Notebooks.HtmlTable.Cell;

namespace Msmla.Core.Notebooks
{
    /// <summary>
    /// <see cref="ClassificationMetrics"/> as HTML: the summary values (samples, OA, AA, kappa, F1 and, for LCZ, the
    /// group and weighted accuracies) and the per-class table of <see cref="ClassificationReport"/> with its averages.
    /// Ratios have <see cref="ClassificationReport.DefaultDigits"/> decimals; undefined values show as <c>n/a</c>.
    /// </summary>
    internal static class ClassificationMetricsHtml
    {
        private const string NotAvailable = "n/a";

        /// <summary>Writes the two tables inside one <c>div</c>.</summary>
        public static void Write(ClassificationMetrics metrics, TextWriter writer)
        {
            var summary = new List<(string Label, string Value)>
            {
                ("Samples", CsvFields.Number(metrics.Total)),
                ("Correct", CsvFields.Number(metrics.Correct)),
                ("Overall accuracy (OA)", Ratio(metrics.MicroAccuracy)),
                ("Average accuracy (AA)", Ratio(metrics.MacroAccuracy)),
                ("Kappa", Ratio(metrics.Kappa)),
                ("Macro F1", Ratio(metrics.MacroF1)),
                ("Weighted F1", Ratio(metrics.WeightedF1)),
            };
            if (metrics.BuiltUpAccuracy is double builtUp) summary.Add(("Built-up OA (LCZ 1-10)", Ratio(builtUp)));
            if (metrics.NaturalAccuracy is double natural) summary.Add(("Natural OA (LCZ A-G)", Ratio(natural)));
            if (metrics.WeightedAccuracy is double wa) summary.Add(("Weighted accuracy (WA)", Ratio(wa)));

            writer.Write("<div class=\"msmla-metrics\">");
            HtmlTable.Write(writer, "Classification metrics", new[] { "Metric", "Value" },
                summary.Select(s => (IReadOnlyList<Cell>)new[] { Cell.Of(s.Label), Cell.Number(s.Value) }));

            IEnumerable<IReadOnlyList<Cell>> classes = metrics.PerClass.Select(c => (IReadOnlyList<Cell>)new[]
            {
                Cell.Of(c.Code), Cell.Of(c.Name ?? ""), Cell.Number(Ratio(c.Precision)), Cell.Number(Ratio(c.Recall)),
                Cell.Number(Ratio(c.F1)), Cell.Number(CsvFields.Number(c.Support)), Cell.Number(CsvFields.Number(c.PredictedCount)),
            });
            IReadOnlyList<Cell>[] averages =
            {
                new[] { Cell.Of("macro avg"), Cell.Of(""), Cell.Number(Ratio(metrics.MacroPrecision)), Cell.Number(Ratio(metrics.MacroRecall)),
                    Cell.Number(Ratio(metrics.MacroF1)), Cell.Number(CsvFields.Number(metrics.Total)), Cell.Of("") },
                new[] { Cell.Of("weighted avg"), Cell.Of(""), Cell.Number(Ratio(metrics.WeightedPrecision)), Cell.Number(Ratio(metrics.WeightedRecall)),
                    Cell.Number(Ratio(metrics.WeightedF1)), Cell.Number(CsvFields.Number(metrics.Total)), Cell.Of("") },
            };
            HtmlTable.Write(writer, "Per class", new[] { "Class", "Name", "Precision", "Recall", "F1", "Support", "Predicted" },
                classes.Concat(averages));
            writer.Write("</div>");
        }

        private static string Ratio(double value) =>
            double.IsNaN(value) ? NotAvailable : value.ToString("F" + ClassificationReport.DefaultDigits, System.Globalization.CultureInfo.InvariantCulture);
    }
}
