using System.Collections.Generic;
using System.Text;

namespace Msmla.Core.Tests.Metrics;

/// <summary>
/// A tiny strict RFC 4180 reader, written for the tests independently of the exporter: records end with
/// CRLF, fields are separated by commas, a field starting with a quote runs to the closing quote with
/// doubled quotes standing for one. A bare CR or LF outside quotes is an error.
/// </summary>
internal static class RfcCsvParser
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "Unterminated quoted field.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                Assert.True(i == text.Length || text[i] == ',' || text[i] == '\r', $"Text after a closing quote at {i}.");
                continue;
            }
            char ch = text[i];
            if (ch == ',') { record.Add(field.ToString()); field.Clear(); i++; }
            else if (ch == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"CR without LF at {i}.");
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = new List<string>();
                i += 2;
            }
            else
            {
                Assert.True(ch != '\n' && ch != '"', $"Bare '{ch}' in an unquoted field at {i}.");
                field.Append(ch);
                i++;
            }
        }
        Assert.True(field.Length == 0 && record.Count == 0, "The last record does not end with CRLF.");
        return records;
    }
}
