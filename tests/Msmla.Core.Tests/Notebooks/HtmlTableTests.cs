using System.IO;
using System.Linq;
using System.Xml.Linq;
using Msmla.Core.Notebooks;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Notebooks;

/// <summary>Text with HTML's special characters stays text: Python's HTML parser and an XML parser read it back unchanged.</summary>
public class HtmlTableTests
{
    private const string Hostile = "<script>alert('x')</script> & \"quoted\" <b>bold";

    [SkippableFact]
    public void Special_characters_are_escaped_in_captions_headers_and_cells()
    {
        using var writer = new StringWriter();
        HtmlTable.Write(writer, Hostile, new[] { Hostile, "n" },
            new[] { new[] { HtmlTable.Cell.Of(Hostile), HtmlTable.Cell.Number("1 < 2") } });
        string html = writer.ToString();

        // Python's parser: no element other than the table's (no script, no b), and the texts come back as written.
        var table = HtmlTables.Read(html).Single();
        Assert.Equal(Hostile, table.Caption);
        Assert.Equal(new[] { Hostile, "n" }, table.Header);
        Assert.Equal(new[] { Hostile, "1 < 2" }, table.Rows.Single());

        // The fragment is also well-formed XML, with the same texts.
        XElement root = XElement.Parse(html);
        Assert.Equal(Hostile, root.Element("caption")!.Value);
        Assert.Equal(new[] { Hostile, "1 < 2" }, root.Element("tbody")!.Element("tr")!.Elements("td").Select(e => e.Value));
        Assert.Equal("text-align:right", (string?)root.Element("tbody")!.Element("tr")!.Elements("td").Last().Attribute("style"));
    }
}
