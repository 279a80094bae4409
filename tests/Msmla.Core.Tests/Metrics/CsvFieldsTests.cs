using System.IO;
using Msmla.Core.Metrics;

namespace Msmla.Core.Tests.Metrics;

public class CsvFieldsTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("Bush, scrub", "\"Bush, scrub\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void Quote_follows_rfc_4180(string field, string expected)
    {
        Assert.Equal(expected, CsvFields.Quote(field));
    }

    [Fact]
    public void Records_round_trip_through_an_independent_parser()
    {
        string[] fields = { "a", "b,c", "d\"e", "f\r\ng", "", " h " };
        using var writer = new StringWriter();
        CsvFields.WriteRecord(writer, fields);
        CsvFields.WriteRecord(writer, "x");
        var records = RfcCsvParser.Parse(writer.ToString());
        Assert.Equal(2, records.Count);
        Assert.Equal(fields, records[0]);
        Assert.Equal(new[] { "x" }, records[1]);
    }

    [Fact]
    public void Numbers_are_invariant_and_round_trip()
    {
        Assert.Equal("0.1", CsvFields.Number(0.1));
        Assert.Equal("0.6936910864891682", CsvFields.Number(16779.0 / 24188));
        Assert.Equal("NaN", CsvFields.Number(double.NaN));
        Assert.Equal("-12345678901", CsvFields.Number(-12345678901L));
    }
}
