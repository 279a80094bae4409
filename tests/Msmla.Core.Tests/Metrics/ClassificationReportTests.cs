using System;
using System.IO;
using System.Linq;
using Msmla.Core.Lcz;
using Msmla.Core.Metrics;

namespace Msmla.Core.Tests.Metrics;

public class ClassificationReportTests
{
    // The hand-worked case of ClassificationMetricsTests: precisions 3/5, 2/3, 1; recalls 3/4, 2/3, 2/3;
    // F1 2/3, 2/3, 4/5; macro 34/45, 25/36, 32/45; weighted 0.74, 0.7, 53/75; OA 0.7, kappa 7/13.
    private static readonly ClassificationMetrics s_handWorked = ClassificationMetrics.Compute(
        new[] { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 }, new[] { 0, 0, 0, 1, 1, 1, 0, 2, 2, 0 }, classCount: 3);

    private static string[][] Tokens(string text) =>
        text.Split(Environment.NewLine).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    [Fact]
    public void Report_holds_the_right_numbers()
    {
        string report = ClassificationReport.Format(s_handWorked);
        string[][] lines = Tokens(report);
        Assert.Equal(new[] { "Class", "Precision", "Recall", "F1", "Support", "Predicted" }, lines[0]);
        Assert.Equal(new[] { "0", "0.6000", "0.7500", "0.6667", "4", "5" }, lines[1]);
        Assert.Equal(new[] { "1", "0.6667", "0.6667", "0.6667", "3", "3" }, lines[2]);
        Assert.Equal(new[] { "2", "1.0000", "0.6667", "0.8000", "3", "2" }, lines[3]);
        Assert.Equal(new[] { "macro", "avg", "0.7556", "0.6944", "0.7111", "10" }, lines[4]);
        Assert.Equal(new[] { "weighted", "avg", "0.7400", "0.7000", "0.7067", "10" }, lines[5]);
        Assert.Empty(lines[6]);
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Samples", "10" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Correct", "7" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Overall", "accuracy", "(OA)", "0.7000" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Average", "accuracy", "(AA)", "0.6944" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Kappa", "0.5385" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Macro", "F1", "0.7111" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Weighted", "F1", "0.7067" }));
        Assert.DoesNotContain("LCZ", report, StringComparison.Ordinal);
        Assert.DoesNotContain("WA", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_are_aligned()
    {
        string[] lines = ClassificationReport.Format(s_handWorked).Split(Environment.NewLine);
        int recallEnd = lines[0].IndexOf("Recall", StringComparison.Ordinal) + "Recall".Length;
        foreach (string line in lines.Skip(1).Take(5))
            Assert.Equal(' ', line[recallEnd]); // each ratio ends at the header's last letter
        Assert.All(lines.Skip(1).Take(5), l => Assert.True(char.IsDigit(l[recallEnd - 1])));
    }

    [Fact]
    public void Lcz_report_has_codes_names_and_the_lcz_values()
    {
        // Worked in ClassificationMetricsTests: OA 2/5, WA 46/60, built-up 1/2, natural 1/3.
        var matrix = new ConfusionMatrix(LczClasses.Count);
        matrix.Add(new[] { 0, 0, 10, 13, 16 }, new[] { 1, 0, 11, 13, 0 });
        string[][] lines = Tokens(ClassificationReport.Format(ClassificationMetrics.Compute(matrix)));
        Assert.Equal(new[] { "1", "Compact", "high-rise", "0.5000", "0.5000", "0.5000", "2", "2" }, lines[1]);
        Assert.Equal(new[] { "C", "Bush,", "scrub", "0.0000", "0.0000", "0.0000", "0", "0" }, lines[13]);
        Assert.Equal(new[] { "G", "Water", "0.0000", "0.0000", "0.0000", "1", "0" }, lines[17]);
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Built-up", "OA", "(LCZ", "1-10)", "0.5000" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Natural", "OA", "(LCZ", "A-G)", "0.3333" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Weighted", "accuracy", "(WA)", "0.7667" }));
    }

    [Fact]
    public void Undefined_values_print_as_not_available()
    {
        string[][] lines = Tokens(ClassificationReport.Format(ClassificationMetrics.Compute(new ConfusionMatrix(LczClasses.Count))));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Overall", "accuracy", "(OA)", "n/a" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Kappa", "n/a" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "macro", "avg", "n/a", "n/a", "n/a", "0" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "weighted", "avg", "0.0000", "0.0000", "0.0000", "0" }));
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Weighted", "accuracy", "(WA)", "n/a" }));
    }

    [Fact]
    public void Digits_set_the_decimals_and_are_checked()
    {
        string[][] lines = Tokens(ClassificationReport.Format(s_handWorked, digits: 2));
        Assert.Equal(new[] { "0", "0.60", "0.75", "0.67", "4", "5" }, lines[1]);
        Assert.Contains(lines, l => l.SequenceEqual(new[] { "Kappa", "0.54" }));
        Assert.Equal("0.538461538461538", Tokens(ClassificationReport.Format(s_handWorked, digits: 15)).Single(l => l.Length > 0 && l[0] == "Kappa")[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.Format(s_handWorked, digits: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.Format(s_handWorked, digits: 16));
    }

    [Fact]
    public void Confusion_matrix_table_has_counts_and_totals()
    {
        ConfusionMatrix matrix = ConfusionMatrix.FromCounts(new long[,] { { 3, 1, 0 }, { 1, 2, 0 }, { 1, 0, 12 } });
        string text = ClassificationReport.FormatConfusionMatrix(matrix);
        string[][] lines = Tokens(text);
        Assert.Equal(new[] { "truth\\pred", "0", "1", "2", "Total" }, lines[0]);
        Assert.Equal(new[] { "0", "3", "1", "0", "4" }, lines[1]);
        Assert.Equal(new[] { "1", "1", "2", "0", "3" }, lines[2]);
        Assert.Equal(new[] { "2", "1", "0", "12", "13" }, lines[3]);
        Assert.Equal(new[] { "Total", "5", "3", "12", "20" }, lines[4]);
        string[] raw = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(raw.Select(l => l.Length).Distinct());

        string lcz = ClassificationReport.FormatConfusionMatrix(new ConfusionMatrix(LczClasses.Count));
        Assert.Equal(new[] { "truth\\pred" }.Concat(LczClasses.Codes).Append("Total"), Tokens(lcz)[0]);
    }

    [Fact]
    public void Writer_and_string_forms_agree()
    {
        ConfusionMatrix matrix = ConfusionMatrix.FromCounts(new long[,] { { 3, 1 }, { 1, 2 } });
        ClassificationMetrics metrics = ClassificationMetrics.Compute(matrix);
        using var writer = new StringWriter();
        ClassificationReport.Write(writer, metrics);
        ClassificationReport.WriteConfusionMatrix(writer, matrix);
        Assert.Equal(ClassificationReport.Format(metrics) + ClassificationReport.FormatConfusionMatrix(matrix), writer.ToString());
        Assert.Throws<ArgumentNullException>(() => ClassificationReport.Write(null!, metrics));
        Assert.Throws<ArgumentNullException>(() => ClassificationReport.Format(null!));
    }
}
