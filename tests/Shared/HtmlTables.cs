using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Msmla.Tests.Shared;

/// <summary>One HTML table as a browser reads it: caption, header cells and body rows of cell texts (entities decoded).</summary>
internal sealed record HtmlTableText(string? Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// Reads the tables of an HTML fragment with Python's html.parser (the standard library's HTML tokenizer, independent of
/// the writer), and reports any element the fragment opens other than the table elements and div.
/// </summary>
internal static class HtmlTables
{
    private const string Script = """
        import json, sys
        from html.parser import HTMLParser
        ALLOWED = {"div", "table", "caption", "thead", "tbody", "tr", "th", "td"}
        class P(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.tables, self.cell, self.row, self.caption, self.other, self.stack = [], None, None, None, [], []
            def handle_starttag(self, tag, attrs):
                self.stack.append(tag)
                if tag not in ALLOWED: self.other.append(tag)
                if tag == "table": self.tables.append({"caption": None, "header": [], "rows": []})
                elif tag == "tr": self.row = []
                elif tag in ("td", "th"): self.cell = ""
                elif tag == "caption": self.caption = ""
            def handle_endtag(self, tag):
                if not self.stack or self.stack.pop() != tag: raise SystemExit("unbalanced </%s>" % tag)
                t = self.tables[-1] if self.tables else None
                if tag in ("td", "th"): self.row.append(self.cell); self.cell = None
                elif tag == "caption": t["caption"] = self.caption; self.caption = None
                elif tag == "tr":
                    if "thead" in self.stack: t["header"] = self.row
                    else: t["rows"].append(self.row)
            def handle_data(self, data):
                if self.cell is not None: self.cell += data
                elif self.caption is not None: self.caption += data
        p = P(); p.feed(sys.stdin.read() if len(sys.argv) < 2 else open(sys.argv[1], encoding="utf-8").read()); p.close()
        if p.stack: raise SystemExit("unclosed: %s" % p.stack)
        print(json.dumps({"tables": p.tables, "other": p.other}))
        """;

    /// <summary>The tables of <paramref name="html"/>; fails the test when an element is unbalanced or not a table element.</summary>
    public static IReadOnlyList<HtmlTableText> Read(string html)
    {
        string python = PythonPeer.Require();
        using TemporaryDirectory work = TestPaths.CreateTemporaryDirectory();
        string file = work.File("fragment.html");
        System.IO.File.WriteAllText(file, html);
        using JsonDocument parsed = JsonDocument.Parse(PythonPeer.Run(python, Script, file));
        string[] other = parsed.RootElement.GetProperty("other").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.True(other.Length == 0, $"The HTML opens elements other than tables: {string.Join(", ", other)}");
        return parsed.RootElement.GetProperty("tables").EnumerateArray().Select(t => new HtmlTableText(
            t.GetProperty("caption").ValueKind == JsonValueKind.Null ? null : t.GetProperty("caption").GetString(),
            Strings(t.GetProperty("header")),
            t.GetProperty("rows").EnumerateArray().Select(Strings).ToArray())).ToArray();
    }

    private static IReadOnlyList<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
