using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Notebooks;
using Cell = Msmla.Core.Notebooks.HtmlTable.Cell;

namespace Msmla.Models.Summary
{
    /// <summary>
    /// A <see cref="ModelSummary"/> as HTML: the layer table of <see cref="ModelSummary.ToString"/> (layer, type, output
    /// shape, Keras parameter count) followed by the output and the parameter totals.
    /// </summary>
    internal static class ModelSummaryHtml
    {
        /// <summary>Writes the layer table and the totals table inside one <c>div</c>.</summary>
        public static void Write(ModelSummary summary, TextWriter writer)
        {
            writer.Write("<div class=\"msmla-model-summary\">");
            IEnumerable<IReadOnlyList<Cell>> layers = summary.Rows.Select(row => (IReadOnlyList<Cell>)new[]
            {
                Cell.Of(row.Name), Cell.Of(row.Type), Cell.Of(row.OutputShape == null ? "(not run)" : Shape(row.OutputShape)),
                Cell.Number(Number(row.KerasParameters)),
            });
            HtmlTable.Write(writer, $"Model: {summary.ModelName}, input {Shape(summary.InputShape)}",
                new[] { "Layer", "Type", "Output Shape", "Param #" }, layers);
            var totals = new (string Label, string Value)[]
            {
                ("Output", Shape(summary.OutputShape) + " " + (summary.OutputKind == ModelOutputKind.Logits ? "logits" : "probabilities")),
                ("Total params (Keras)", Number(summary.Counts.KerasTotal)),
                ("Trainable params", Number(summary.Counts.Trainable)),
                ("Non-trainable params (BatchNorm running mean and variance)", Number(summary.Counts.BatchNormStatistics)),
            };
            HtmlTable.Write(writer, null, new[] { "Total", "Value" },
                totals.Select(t => (IReadOnlyList<Cell>)new[] { Cell.Of(t.Label), Cell.Number(t.Value) }));
            writer.Write("</div>");
        }

        private static string Shape(IReadOnlyList<long> shape) =>
            "(" + string.Join(", ", shape.Select((d, i) => i == 0 ? "None" : d.ToString(CultureInfo.InvariantCulture))) + ")";

        private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
