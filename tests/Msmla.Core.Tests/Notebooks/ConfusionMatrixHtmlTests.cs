using System.Linq;
using Msmla.Core.Metrics;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Notebooks;

/// <summary>The HTML a notebook shows for a <see cref="ConfusionMatrix"/>, read back with Python's HTML parser.</summary>
public class ConfusionMatrixHtmlTests
{
    [SkippableFact]
    public void Counts_row_totals_and_column_totals_are_in_place()
    {
        // Counts chosen by hand: rows are the truth, columns the prediction.
        var matrix = ConfusionMatrix.FromCounts(new long[,] { { 5, 1, 0 }, { 2, 7, 3 }, { 0, 0, 4 } });
        Assert.Equal(new[] { "text/html" }, NotebookConvention.PreferredMimeTypes(typeof(ConfusionMatrix)));

        var table = HtmlTables.Read(NotebookConvention.Format(matrix, "text/html")).Single();
        Assert.Equal(new[] { "truth\\pred", "0", "1", "2", "Total" }, table.Header);
        Assert.Equal(new[]
        {
            new[] { "0", "5", "1", "0", "6" },
            new[] { "1", "2", "7", "3", "12" },
            new[] { "2", "0", "0", "4", "4" },
            new[] { "Total", "7", "8", "7", "22" },
        }, table.Rows.Select(r => r.ToArray()).ToArray());
    }

    [SkippableFact]
    public void A_17_class_matrix_uses_the_lcz_codes()
    {
        var matrix = new ConfusionMatrix(17);
        matrix.Add(10, 16, 3);
        var table = HtmlTables.Read(NotebookConvention.Format(matrix, "text/html")).Single();
        Assert.Equal(new[] { "truth\\pred", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "A", "B", "C", "D", "E", "F", "G", "Total" }, table.Header);
        Assert.Equal("A", table.Rows[10][0]);
        Assert.Equal("3", table.Rows[10][17]);
    }
}
