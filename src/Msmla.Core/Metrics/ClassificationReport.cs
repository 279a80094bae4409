using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// Fixed-width text reports, in the spirit of scikit-learn's <c>classification_report</c>: a
    /// per-class table (code and name, precision, recall, F1, support, predicted count) with macro and
    /// support-weighted averages, followed by the summary metrics; and a text table of the confusion
    /// matrix. Numbers use the invariant culture; undefined values (NaN) print as <c>n/a</c>.
    /// </summary>
    public static class ClassificationReport
    {
        /// <summary>The default number of decimals of the ratios.</summary>
        public const int DefaultDigits = 4;

        private const string NotAvailable = "n/a";

        /// <summary>Writes the per-class table and the summary lines.</summary>
        /// <param name="writer">Where to write; lines end with the writer's <see cref="TextWriter.NewLine"/>.</param>
        /// <param name="metrics">The metrics to report.</param>
        /// <param name="digits">Decimals of the ratios, 1 to 15.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is out of range.</exception>
        public static void Write(TextWriter writer, ClassificationMetrics metrics, int digits = DefaultDigits)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(metrics);
            if (digits < 1 || digits > 15)
                throw new ArgumentOutOfRangeException(nameof(digits), digits, "Digits must be 1 to 15.");

            string[] labels = metrics.PerClass.Select(c => c.Name == null ? c.Code : $"{c.Code,-3}{c.Name}").ToArray();
            const string macro = "macro avg", weighted = "weighted avg";
            int labelWidth = labels.Append(macro).Append(weighted).Append("Class").Max(l => l.Length);
            int ratioWidth = Math.Max("Precision".Length, digits + 2);
            int countWidth = Math.Max("Predicted".Length, CsvFields.Number(metrics.Total).Length);

            writer.WriteLine(
                $"{"Class".PadRight(labelWidth)}  {"Precision".PadLeft(ratioWidth)}  {"Recall".PadLeft(ratioWidth)}  " +
                $"{"F1".PadLeft(ratioWidth)}  {"Support".PadLeft(countWidth)}  {"Predicted".PadLeft(countWidth)}");
            foreach (ClassMetrics c in metrics.PerClass)
            {
                writer.WriteLine(Row(labels[c.Index], c.Precision, c.Recall, c.F1, CsvFields.Number(c.Support), CsvFields.Number(c.PredictedCount)));
            }
            writer.WriteLine(Row(macro, metrics.MacroPrecision, metrics.MacroRecall, metrics.MacroF1, CsvFields.Number(metrics.Total), ""));
            writer.WriteLine(Row(weighted, metrics.WeightedPrecision, metrics.WeightedRecall, metrics.WeightedF1, CsvFields.Number(metrics.Total), ""));
            writer.WriteLine();

            var summary = new List<(string Label, string Value)>
            {
                ("Samples", CsvFields.Number(metrics.Total)),
                ("Correct", CsvFields.Number(metrics.Correct)),
                ("Overall accuracy (OA)", Ratio(metrics.MicroAccuracy, digits)),
                ("Average accuracy (AA)", Ratio(metrics.MacroAccuracy, digits)),
                ("Kappa", Ratio(metrics.Kappa, digits)),
                ("Macro F1", Ratio(metrics.MacroF1, digits)),
                ("Weighted F1", Ratio(metrics.WeightedF1, digits)),
            };
            if (metrics.BuiltUpAccuracy is double builtUp) summary.Add(("Built-up OA (LCZ 1-10)", Ratio(builtUp, digits)));
            if (metrics.NaturalAccuracy is double natural) summary.Add(("Natural OA (LCZ A-G)", Ratio(natural, digits)));
            if (metrics.WeightedAccuracy is double wa) summary.Add(("Weighted accuracy (WA)", Ratio(wa, digits)));
            int summaryLabelWidth = summary.Max(s => s.Label.Length);
            int summaryValueWidth = summary.Max(s => s.Value.Length);
            foreach ((string label, string value) in summary)
                writer.WriteLine($"{label.PadRight(summaryLabelWidth)}  {value.PadLeft(summaryValueWidth)}");

            string Row(string label, double precision, double recall, double f1, string support, string predicted) =>
                $"{label.PadRight(labelWidth)}  {Ratio(precision, digits).PadLeft(ratioWidth)}  {Ratio(recall, digits).PadLeft(ratioWidth)}  " +
                $"{Ratio(f1, digits).PadLeft(ratioWidth)}  {support.PadLeft(countWidth)}  {predicted.PadLeft(countWidth)}".TrimEnd();
        }

        /// <summary>The report of <see cref="Write"/> as a string.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is out of range.</exception>
        public static string Format(ClassificationMetrics metrics, int digits = DefaultDigits)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            Write(writer, metrics, digits);
            return writer.ToString();
        }

        /// <summary>
        /// Writes the confusion matrix as a fixed-width table: a header row of predicted-class codes, one
        /// row per true class with its counts and its total, and a final row of column totals. Codes are
        /// LCZ codes for 17 classes, otherwise 0-based indices.
        /// </summary>
        public static void WriteConfusionMatrix(TextWriter writer, ConfusionMatrix matrix)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(matrix);
            const string corner = "truth\\pred", totalLabel = "Total";
            string[] codes = ClassCodes.For(matrix.ClassCount);
            int labelWidth = codes.Append(corner).Append(totalLabel).Max(c => c.Length);
            int width = codes.Append(totalLabel).Append(CsvFields.Number(matrix.Total)).Max(c => c.Length);
            long[] columns = matrix.ColumnSums();

            writer.WriteLine(corner.PadRight(labelWidth) + string.Concat(codes.Append(totalLabel).Select(c => " " + c.PadLeft(width))));
            for (int i = 0; i < matrix.ClassCount; i++)
            {
                IEnumerable<long> row = Enumerable.Range(0, matrix.ClassCount).Select(j => matrix[i, j]).Append(matrix.RowSum(i));
                writer.WriteLine(codes[i].PadRight(labelWidth) + string.Concat(row.Select(v => " " + CsvFields.Number(v).PadLeft(width))));
            }
            writer.WriteLine(totalLabel.PadRight(labelWidth) + string.Concat(columns.Append(matrix.Total).Select(v => " " + CsvFields.Number(v).PadLeft(width))));
        }

        /// <summary>The table of <see cref="WriteConfusionMatrix"/> as a string.</summary>
        public static string FormatConfusionMatrix(ConfusionMatrix matrix)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            WriteConfusionMatrix(writer, matrix);
            return writer.ToString();
        }

        private static string Ratio(double value, int digits) =>
            double.IsNaN(value) ? NotAvailable : value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
