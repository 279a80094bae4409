using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Msmla.Core.IO;
using Msmla.Core.Metrics;
using Msmla.Plotting;

namespace Msmla.Cli.Output
{
    /// <summary>Writes an evaluation's files: the metrics CSVs of Msmla.Core and the confusion-matrix PNG of Msmla.Plotting.</summary>
    internal static class MetricsFiles
    {
        /// <summary>The summary CSV (metric,value).</summary>
        public const string SummaryCsv = "metrics.csv";

        /// <summary>The per-class CSV.</summary>
        public const string PerClassCsv = "metrics-per-class.csv";

        /// <summary>The confusion matrix CSV (counts).</summary>
        public const string MatrixCsv = "confusion-matrix.csv";

        /// <summary>The confusion matrix PNG (row-normalised).</summary>
        public const string MatrixPng = "confusion-matrix.png";

        /// <summary>The names of the files <see cref="Write"/> writes.</summary>
        public static IReadOnlyList<string> Names { get; } = new[] { SummaryCsv, PerClassCsv, MatrixCsv, MatrixPng };

        /// <summary>Writes the four files into <paramref name="directory"/> (created) and returns their paths.</summary>
        public static IReadOnlyList<string> Write(string directory, ClassificationMetrics metrics, ConfusionMatrix matrix, string title)
        {
            Directory.CreateDirectory(directory);
            var written = new List<string>();
            written.Add(WriteText(Path.Combine(directory, SummaryCsv), MetricsCsv.SummaryToCsv(metrics)));
            written.Add(WriteText(Path.Combine(directory, PerClassCsv), MetricsCsv.PerClassToCsv(metrics)));
            written.Add(WriteText(Path.Combine(directory, MatrixCsv), MetricsCsv.ConfusionMatrixToCsv(matrix)));
            string png = Path.Combine(directory, MatrixPng);
            new ConfusionMatrixPlot(matrix, metrics, new ConfusionMatrixPlotOptions { Title = title }).SavePng(png);
            written.Add(png);
            return written;
        }

        /// <summary>Writes the text report (per-class table and summary lines) of Msmla.Core to stdout.</summary>
        public static void WriteReport(TextWriter output, ClassificationMetrics metrics)
        {
            ClassificationReport.Write(output, metrics);
        }

        private static string WriteText(string path, string text)
        {
            AtomicFile.WriteAllText(path, text);
            return path;
        }

        /// <summary>A percentage with one decimal.</summary>
        public static string Percent(double value) =>
            double.IsNaN(value) ? "n/a" : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    }
}
