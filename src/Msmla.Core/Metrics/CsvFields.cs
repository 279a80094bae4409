using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Msmla.Core.Metrics
{
    /// <summary>RFC 4180 field quoting and invariant-culture number text for the CSV exports.</summary>
    internal static class CsvFields
    {
        /// <summary>The record separator RFC 4180 prescribes.</summary>
        public const string LineEnd = "\r\n";

        private static readonly char[] s_special = { ',', '"', '\r', '\n' };

        /// <summary>The field as written: quoted, with quotes doubled, when it holds a comma, quote, CR or LF.</summary>
        public static string Quote(string field) =>
            field.IndexOfAny(s_special) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        /// <summary>
        /// A text field (a class name, a label) made safe for spreadsheets: text that begins with <c>=</c>, <c>+</c>, <c>-</c>,
        /// <c>@</c>, a tab or a carriage return would be run as a formula by Excel or LibreOffice, so it gets a leading
        /// apostrophe (OWASP's CSV-injection advice). Numbers are written with <see cref="Number(double)"/>, never through this.
        /// </summary>
        public static string Text(string field) =>
            field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + field : field;

        /// <summary>Writes one record: the fields quoted as needed, separated by commas, ended by CRLF.</summary>
        public static void WriteRecord(TextWriter writer, params string[] fields) => WriteRecord(writer, (IReadOnlyList<string>)fields);

        /// <summary>Writes one record: the fields quoted as needed, separated by commas, ended by CRLF.</summary>
        public static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
        {
            for (int i = 0; i < fields.Count; i++)
            {
                if (i > 0) writer.Write(',');
                writer.Write(Quote(fields[i]));
            }
            writer.Write(LineEnd);
        }

        /// <summary>An integer in invariant culture.</summary>
        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A double in invariant culture, shortest round-trip form ("NaN" for NaN).</summary>
        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>A float in invariant culture, shortest round-trip form of the float itself.</summary>
        public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
