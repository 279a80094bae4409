using System.Collections.Generic;
using System.IO;
using System.Net;

namespace Msmla.Core.Notebooks
{
    /// <summary>
    /// Writes the HTML tables of the notebook formatters: every text goes through <see cref="WebUtility.HtmlEncode(string)"/>
    /// (so <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes in names cannot break the markup) and every element is
    /// closed (the output also parses as XML).
    /// </summary>
    internal static class HtmlTable
    {
        /// <summary>Writes a table with an optional caption, a header row and body rows; cells of numbers are right-aligned.</summary>
        /// <param name="writer">Where to write.</param>
        /// <param name="caption">The caption, or null.</param>
        /// <param name="header">The column headings.</param>
        /// <param name="rows">The rows; a cell whose <c>Numeric</c> is true is right-aligned.</param>
        public static void Write(TextWriter writer, string? caption, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<Cell>> rows)
        {
            writer.Write("<table>");
            if (caption != null) writer.Write($"<caption>{Encode(caption)}</caption>");
            writer.Write("<thead><tr>");
            foreach (string heading in header) writer.Write($"<th>{Encode(heading)}</th>");
            writer.Write("</tr></thead><tbody>");
            foreach (IReadOnlyList<Cell> row in rows)
            {
                writer.Write("<tr>");
                foreach (Cell cell in row)
                    writer.Write(cell.Numeric ? $"<td style=\"text-align:right\">{Encode(cell.Text)}</td>" : $"<td>{Encode(cell.Text)}</td>");
                writer.Write("</tr>");
            }
            writer.Write("</tbody></table>");
        }

        /// <summary>The text with the HTML special characters escaped.</summary>
        public static string Encode(string text) => WebUtility.HtmlEncode(text);

        /// <summary>A table cell: its text and whether it holds a number.</summary>
        internal readonly record struct Cell(string Text, bool Numeric)
        {
            /// <summary>A text cell.</summary>
            public static Cell Of(string text) => new(text, false);

            /// <summary>A number cell.</summary>
            public static Cell Number(string text) => new(text, true);
        }
    }
}
