using System;
using System.IO;
using Msmla.Core.Metrics;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests
{
    public class PlotFontsTests
    {
        [Fact]
        public void Choose_WithNoInstalledFont_FailsNamingTheFix()
        {
            var error = Assert.Throws<InvalidOperationException>(() => PlotFonts.Choose(null, Array.Empty<string>()));
            Assert.Contains("fonts-dejavu-core", error.Message);
            Assert.Contains("FontFile", error.Message);
        }

        [Fact]
        public void Choose_PrefersTheSansFamiliesInOrder()
        {
            Assert.Equal("DejaVu Sans", PlotFonts.Choose(null, new[] { "Zapf", "Liberation Sans", "DejaVu Sans", "DejaVu Serif" }));
            Assert.Equal("Liberation Sans", PlotFonts.Choose(null, new[] { "Zapf", "Liberation Sans" }));
        }

        [Fact]
        public void Choose_AGivenFamily_MatchesCaseInsensitively_OrListsTheInstalledOnes()
        {
            Assert.Equal("DejaVu Serif", PlotFonts.Choose("dejavu serif", new[] { "DejaVu Sans", "DejaVu Serif" }));
            var error = Assert.Throws<ArgumentException>(() => PlotFonts.Choose("Comic Sans", new[] { "DejaVu Sans", "DejaVu Serif" }));
            Assert.Contains("'Comic Sans' is not installed", error.Message);
            Assert.Contains("DejaVu Sans, DejaVu Serif", error.Message);
        }

        [Fact]
        public void Resolve_RejectsMissingAndNonFontFiles()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            Assert.Throws<FileNotFoundException>(() => PlotFonts.Resolve(null, Path.Combine(directory.Path, "missing.ttf")));
            string text = Path.Combine(directory.Path, "not-a-font.ttf");
            File.WriteAllText(text, "hello");
            var error = Assert.Throws<ArgumentException>(() => PlotFonts.Resolve(null, text));
            Assert.Contains("not a font file", error.Message);
        }

        [SkippableFact]
        public void FontFile_IsUsedForTheText()
        {
            const string mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
            Skip.IfNot(File.Exists(mono), $"{mono} is not installed");
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz(), options: new ConfusionMatrixPlotOptions { FontFile = mono });
            PngImage withFile = PngImage.Decode(plot.ToPng(500, 450));
            PngImage standard = PngImage.Decode(new ConfusionMatrixPlot(PlotTestData.PerfectLcz()).ToPng(500, 450));
            Assert.Equal(500, withFile.Width);
            // Same matrix, another typeface: the text pixels differ.
            Assert.NotEqual(standard.Checksum(), withFile.Checksum());
        }
    }
}
