using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Lcz;
using Msmla.Core.Metrics;

namespace Msmla.Core.Tests.Metrics;

public class MetricsCsvTests
{
    private static ConfusionMatrix LczMatrix()
    {
        var random = new Random(21);
        var matrix = new ConfusionMatrix(LczClasses.Count);
        for (int n = 0; n < 2000; n++)
        {
            int truth = random.Next(16); // G (16) never occurs in the truth
            matrix.Add(truth, random.NextDouble() < 0.6 ? truth : random.Next(17));
        }
        return matrix;
    }

    [Fact]
    public void Confusion_matrix_csv_parses_back_to_the_counts()
    {
        ConfusionMatrix matrix = LczMatrix();
        string csv = MetricsCsv.ConfusionMatrixToCsv(matrix);
        List<List<string>> records = RfcCsvParser.Parse(csv);

        Assert.Equal(18, records.Count);
        Assert.Equal(new[] { "truth\\predicted" }.Concat(LczClasses.Codes), records[0]);
        for (int i = 0; i < 17; i++)
        {
            Assert.Equal(18, records[i + 1].Count);
            Assert.Equal(LczClasses.FromIndex(i).Code, records[i + 1][0]);
            for (int j = 0; j < 17; j++)
                Assert.Equal(matrix[i, j], long.Parse(records[i + 1][j + 1], NumberStyles.None, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Confusion_matrix_csv_of_other_class_counts_uses_indices()
    {
        ConfusionMatrix matrix = ConfusionMatrix.FromCounts(new long[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal("truth\\predicted,0,1\r\n0,1,2\r\n1,3,4\r\n", MetricsCsv.ConfusionMatrixToCsv(matrix));
    }

    [Fact]
    public void Per_class_csv_parses_back_to_the_exact_metrics_with_quoted_names()
    {
        ClassificationMetrics metrics = ClassificationMetrics.Compute(LczMatrix());
        string csv = MetricsCsv.PerClassToCsv(metrics);
        Assert.Contains(",C,\"Bush, scrub\",", csv, StringComparison.Ordinal);

        List<List<string>> records = RfcCsvParser.Parse(csv);
        Assert.Equal(new[] { "index", "code", "name", "support", "predicted", "true_positives", "precision", "recall", "f1" }, records[0]);
        Assert.Equal(18, records.Count);
        foreach (ClassMetrics c in metrics.PerClass)
        {
            List<string> r = records[c.Index + 1];
            Assert.Equal(9, r.Count);
            Assert.Equal(c.Index, int.Parse(r[0], CultureInfo.InvariantCulture));
            Assert.Equal(c.Lcz!.Code, r[1]);
            Assert.Equal(c.Lcz.Name, r[2]);
            Assert.Equal(c.Support, long.Parse(r[3], CultureInfo.InvariantCulture));
            Assert.Equal(c.PredictedCount, long.Parse(r[4], CultureInfo.InvariantCulture));
            Assert.Equal(c.TruePositives, long.Parse(r[5], CultureInfo.InvariantCulture));
            // Round-trip formatting: parsing gives back the identical doubles.
            Assert.Equal(c.Precision, double.Parse(r[6], CultureInfo.InvariantCulture));
            Assert.Equal(c.Recall, double.Parse(r[7], CultureInfo.InvariantCulture));
            Assert.Equal(c.F1, double.Parse(r[8], CultureInfo.InvariantCulture));
        }
        Assert.Equal("0", records[17][3]); // G never occurs
    }

    [Fact]
    public void Per_class_csv_of_other_class_counts_has_empty_names()
    {
        ClassificationMetrics metrics = ClassificationMetrics.Compute(new[] { 0, 1 }, new[] { 0, 0 }, 2);
        List<List<string>> records = RfcCsvParser.Parse(MetricsCsv.PerClassToCsv(metrics));
        Assert.Equal(new[] { "0", "0", "", "1", "2", "1", "0.5", "1", "0.6666666666666666" }, records[1]);
        Assert.Equal(new[] { "1", "1", "", "1", "0", "0", "0", "0", "0" }, records[2]);
    }

    [Fact]
    public void Summary_csv_lists_every_value_and_the_lcz_ones_only_for_lcz()
    {
        ClassificationMetrics lcz = ClassificationMetrics.Compute(LczMatrix());
        Dictionary<string, string> values = RfcCsvParser.Parse(MetricsCsv.SummaryToCsv(lcz)).Skip(1).ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(lcz.Total, long.Parse(values["samples"], CultureInfo.InvariantCulture));
        Assert.Equal(lcz.Correct, long.Parse(values["correct"], CultureInfo.InvariantCulture));
        Assert.Equal(lcz.MicroAccuracy, Parse(values["micro_accuracy"]));
        Assert.Equal(lcz.MacroAccuracy, Parse(values["macro_accuracy"]));
        Assert.Equal(lcz.Kappa, Parse(values["kappa"]));
        Assert.Equal(lcz.MacroPrecision, Parse(values["macro_precision"]));
        Assert.Equal(lcz.MacroRecall, Parse(values["macro_recall"]));
        Assert.Equal(lcz.MacroF1, Parse(values["macro_f1"]));
        Assert.Equal(lcz.WeightedPrecision, Parse(values["weighted_precision"]));
        Assert.Equal(lcz.WeightedRecall, Parse(values["weighted_recall"]));
        Assert.Equal(lcz.WeightedF1, Parse(values["weighted_f1"]));
        Assert.Equal(lcz.BuiltUpAccuracy, Parse(values["built_up_accuracy"]));
        Assert.Equal(lcz.NaturalAccuracy, Parse(values["natural_accuracy"]));
        Assert.Equal(lcz.WeightedAccuracy, Parse(values["weighted_accuracy"]));
        Assert.Equal(14, values.Count);

        ClassificationMetrics other = ClassificationMetrics.Compute(new ConfusionMatrix(3));
        Dictionary<string, string> empty = RfcCsvParser.Parse(MetricsCsv.SummaryToCsv(other)).Skip(1).ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(11, empty.Count);
        Assert.Equal("NaN", empty["micro_accuracy"]);
        Assert.Equal("0", empty["weighted_f1"]);
        Assert.False(empty.ContainsKey("weighted_accuracy"));
    }

    [Fact]
    public void Exports_ignore_the_current_culture()
    {
        ClassificationMetrics metrics = ClassificationMetrics.Compute(new[] { 0, 1, 1 }, new[] { 0, 1, 0 }, 2);
        CultureInfo saved = CultureInfo.CurrentCulture;
        string perClass, summary;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            perClass = MetricsCsv.PerClassToCsv(metrics);
            summary = MetricsCsv.SummaryToCsv(metrics);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Contains("0.6666666666666666", perClass, StringComparison.Ordinal);
        Assert.Contains("micro_accuracy,0.6666666666666666\r\n", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_and_string_forms_agree()
    {
        ConfusionMatrix matrix = LczMatrix();
        ClassificationMetrics metrics = ClassificationMetrics.Compute(matrix);
        using var writer = new StringWriter();
        MetricsCsv.WriteConfusionMatrix(writer, matrix);
        MetricsCsv.WritePerClass(writer, metrics);
        MetricsCsv.WriteSummary(writer, metrics);
        Assert.Equal(MetricsCsv.ConfusionMatrixToCsv(matrix) + MetricsCsv.PerClassToCsv(metrics) + MetricsCsv.SummaryToCsv(metrics), writer.ToString());
        Assert.Throws<ArgumentNullException>(() => MetricsCsv.WritePerClass(null!, metrics));
        Assert.Throws<ArgumentNullException>(() => MetricsCsv.ConfusionMatrixToCsv(null!));
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
