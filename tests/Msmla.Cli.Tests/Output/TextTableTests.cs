using System;
using System.IO;
using Msmla.Cli.Output;

namespace Msmla.Cli.Tests.Output
{
    public class TextTableTests
    {
        [Fact]
        public void Columns_ArePaddedToTheWidestCell_RightAlignedWhenAsked()
        {
            var table = new TextTable("name", ">count");
            table.Add("MSMLA-18", "180,747");
            table.Add("CNN", "7");
            var output = new StringWriter { NewLine = "\n" };
            table.Write(output);
            Assert.Equal("name        count\n--------  -------\nMSMLA-18  180,747\nCNN             7\n", output.ToString());
        }

        [Fact]
        public void RowsWithTheWrongNumberOfCells_AreRefused() =>
            Assert.Throws<ArgumentException>(() => new TextTable("a", "b").Add("only one"));
    }
}
