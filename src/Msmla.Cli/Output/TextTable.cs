using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Cli.Output
{
    /// <summary>A plain fixed-width text table for stdout (no colours or box characters, so it pipes and diffs well).</summary>
    internal sealed class TextTable
    {
        private readonly string[] _headers;
        private readonly bool[] _rightAligned;
        private readonly List<string[]> _rows = new();

        /// <summary>Creates a table; a header starting with '>' is right-aligned (the '>' is not printed).</summary>
        public TextTable(params string[] headers)
        {
            _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
            _headers = headers.Select(h => h.TrimStart('>')).ToArray();
        }

        /// <summary>Adds a row with one cell per column.</summary>
        public void Add(params string[] cells)
        {
            if (cells.Length != _headers.Length) throw new ArgumentException($"A row has {cells.Length} cells for {_headers.Length} columns.", nameof(cells));
            _rows.Add(cells);
        }

        /// <summary>Writes the header, a rule and the rows, columns separated by two spaces.</summary>
        public void Write(TextWriter output)
        {
            int[] widths = Enumerable.Range(0, _headers.Length)
                .Select(c => _rows.Select(r => r[c].Length).Append(_headers[c].Length).Max())
                .ToArray();
            WriteRow(output, _headers, widths);
            output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))).TrimEnd());
            foreach (string[] row in _rows) WriteRow(output, row, widths);
        }

        private void WriteRow(TextWriter output, string[] cells, int[] widths)
        {
            var padded = cells.Select((cell, c) => _rightAligned[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", padded).TrimEnd());
        }
    }
}
