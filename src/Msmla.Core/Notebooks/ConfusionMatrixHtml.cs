using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Core.Metrics;
using Cell = Msmla.Core.Notebooks.HtmlTable.Cell;

namespace Msmla.Core.Notebooks
{
    /// <summary>
    /// A <see cref="ConfusionMatrix"/> as an HTML table, laid out like <see cref="ClassificationReport.WriteConfusionMatrix"/>:
    /// one row per true class with its counts and its total, a last row of column totals; class codes are LCZ codes for
    /// 17 classes, otherwise 0-based indices.
    /// </summary>
    internal static class ConfusionMatrixHtml
    {
        /// <summary>Writes the table.</summary>
        public static void Write(ConfusionMatrix matrix, TextWriter writer)
        {
            string[] codes = ClassCodes.For(matrix.ClassCount);
            int n = matrix.ClassCount;
            IEnumerable<IReadOnlyList<Cell>> rows = Enumerable.Range(0, n)
                .Select(i => (IReadOnlyList<Cell>)new[] { Cell.Of(codes[i]) }
                    .Concat(Enumerable.Range(0, n).Select(j => Cell.Number(CsvFields.Number(matrix[i, j]))))
                    .Append(Cell.Number(CsvFields.Number(matrix.RowSum(i)))).ToArray())
                .Append(new[] { Cell.Of("Total") }
                    .Concat(matrix.ColumnSums().Select(s => Cell.Number(CsvFields.Number(s))))
                    .Append(Cell.Number(CsvFields.Number(matrix.Total))).ToArray());
            HtmlTable.Write(writer, "Confusion matrix (rows: truth, columns: prediction)",
                new[] { "truth\\pred" }.Concat(codes).Append("Total").ToArray(), rows);
        }
    }
}
