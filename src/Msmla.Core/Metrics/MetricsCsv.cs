using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// CSV exports of a confusion matrix, of the per-class metrics and of the summary metrics:
    /// RFC 4180 (comma separated, CRLF line ends, fields holding a comma, quote or line break quoted with
    /// quotes doubled), a header row, invariant-culture numbers with full round-trip precision
    /// (<c>NaN</c> for undefined values).
    /// </summary>
    public static class MetricsCsv
    {
        /// <summary>The header of the first column of the matrix export (rows are true classes, columns predicted classes).</summary>
        public const string MatrixCorner = "truth\\predicted";

        /// <summary>The header row of the per-class export.</summary>
        public static IReadOnlyList<string> PerClassHeader { get; } =
            Array.AsReadOnly(new[] { "index", "code", "name", "support", "predicted", "true_positives", "precision", "recall", "f1" });

        /// <summary>
        /// Writes the matrix: a header row (<see cref="MatrixCorner"/>, then the class codes), then one row
        /// per true class (its code, then the counts per predicted class). Codes are the LCZ codes for
        /// 17 classes, otherwise the 0-based indices.
        /// </summary>
        public static void WriteConfusionMatrix(TextWriter writer, ConfusionMatrix matrix)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(matrix);
            string[] codes = ClassCodes.For(matrix.ClassCount);
            CsvFields.WriteRecord(writer, new[] { MatrixCorner }.Concat(codes).ToArray());
            var row = new string[matrix.ClassCount + 1];
            for (int i = 0; i < matrix.ClassCount; i++)
            {
                row[0] = codes[i];
                for (int j = 0; j < matrix.ClassCount; j++) row[j + 1] = CsvFields.Number(matrix[i, j]);
                CsvFields.WriteRecord(writer, row);
            }
        }

        /// <summary>The matrix as CSV text; see <see cref="WriteConfusionMatrix"/>.</summary>
        public static string ConfusionMatrixToCsv(ConfusionMatrix matrix)
        {
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            WriteConfusionMatrix(writer, matrix);
            return writer.ToString();
        }

        /// <summary>
        /// Writes one row per class with the columns of <see cref="PerClassHeader"/>: index, code, name
        /// (empty unless LCZ), support, predicted count, true positives, precision, recall, F1.
        /// </summary>
        public static void WritePerClass(TextWriter writer, ClassificationMetrics metrics)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(metrics);
            CsvFields.WriteRecord(writer, PerClassHeader);
            foreach (ClassMetrics c in metrics.PerClass)
            {
                CsvFields.WriteRecord(writer,
                    CsvFields.Number(c.Index), c.Code, c.Name ?? "",
                    CsvFields.Number(c.Support), CsvFields.Number(c.PredictedCount), CsvFields.Number(c.TruePositives),
                    CsvFields.Number(c.Precision), CsvFields.Number(c.Recall), CsvFields.Number(c.F1));
            }
        }

        /// <summary>The per-class metrics as CSV text; see <see cref="WritePerClass"/>.</summary>
        public static string PerClassToCsv(ClassificationMetrics metrics)
        {
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            WritePerClass(writer, metrics);
            return writer.ToString();
        }

        /// <summary>
        /// Writes the summary as <c>metric,value</c> rows: samples, correct, micro_accuracy (OA),
        /// macro_accuracy (AA), kappa, macro_precision, macro_recall, macro_f1, weighted_precision,
        /// weighted_recall, weighted_f1 and, for LCZ matrices only, built_up_accuracy, natural_accuracy
        /// and weighted_accuracy (WA).
        /// </summary>
        public static void WriteSummary(TextWriter writer, ClassificationMetrics metrics)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(metrics);
            CsvFields.WriteRecord(writer, "metric", "value");
            CsvFields.WriteRecord(writer, "samples", CsvFields.Number(metrics.Total));
            CsvFields.WriteRecord(writer, "correct", CsvFields.Number(metrics.Correct));
            CsvFields.WriteRecord(writer, "micro_accuracy", CsvFields.Number(metrics.MicroAccuracy));
            CsvFields.WriteRecord(writer, "macro_accuracy", CsvFields.Number(metrics.MacroAccuracy));
            CsvFields.WriteRecord(writer, "kappa", CsvFields.Number(metrics.Kappa));
            CsvFields.WriteRecord(writer, "macro_precision", CsvFields.Number(metrics.MacroPrecision));
            CsvFields.WriteRecord(writer, "macro_recall", CsvFields.Number(metrics.MacroRecall));
            CsvFields.WriteRecord(writer, "macro_f1", CsvFields.Number(metrics.MacroF1));
            CsvFields.WriteRecord(writer, "weighted_precision", CsvFields.Number(metrics.WeightedPrecision));
            CsvFields.WriteRecord(writer, "weighted_recall", CsvFields.Number(metrics.WeightedRecall));
            CsvFields.WriteRecord(writer, "weighted_f1", CsvFields.Number(metrics.WeightedF1));
            if (metrics.BuiltUpAccuracy is double builtUp) CsvFields.WriteRecord(writer, "built_up_accuracy", CsvFields.Number(builtUp));
            if (metrics.NaturalAccuracy is double natural) CsvFields.WriteRecord(writer, "natural_accuracy", CsvFields.Number(natural));
            if (metrics.WeightedAccuracy is double wa) CsvFields.WriteRecord(writer, "weighted_accuracy", CsvFields.Number(wa));
        }

        /// <summary>The summary as CSV text; see <see cref="WriteSummary"/>.</summary>
        public static string SummaryToCsv(ClassificationMetrics metrics)
        {
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            WriteSummary(writer, metrics);
            return writer.ToString();
        }
    }
}
