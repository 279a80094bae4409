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
        public void Choose_WithNoInstalledFont_TakesTheEmbeddedFont()
        {
            Assert.Equal(EmbeddedFont.Family, PlotFonts.Choose(null, Array.Empty<string>()));
            var error = Assert.Throws<ArgumentException>(() => PlotFonts.Choose("DejaVu Sans", Array.Empty<string>()));
            Assert.Contains("'DejaVu Sans' is not installed", error.Message);
        }

        [SkippableFact]
        public void EmbeddedFont_DrawsLikeTheSameInstalledFontFile()
        {
            // The Debian package's DejaVu Sans is the reference: when it is the same file, the text must come out the same.
            const string installed = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
            Requirement.Peer(File.Exists(installed), $"{installed} is not installed (Debian package fonts-dejavu-core, which .ci/run installs).", "fonts-dejavu-core");
            using (var typeface = EmbeddedFont.CreateTypeface())
            {
                Assert.Equal("DejaVu Sans", typeface.FamilyName);
                using var stream = typeface.OpenStream();
                Requirement.Peer(stream.Length == new FileInfo(installed).Length, $"The installed {installed} is another version than the embedded DejaVu Sans, so it cannot be the reference.", "fonts-dejavu-core");
            }
            var matrix = PlotTestData.PerfectLcz();
            PngImage embedded = PngImage.Decode(new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { FontFamily = EmbeddedFont.Family }).ToPng(500, 450));
            PngImage file = PngImage.Decode(new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { FontFile = installed }).ToPng(500, 450));
            PngImage mono = PngImage.Decode(new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { FontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf" }).ToPng(500, 450));
            Assert.Equal(file.Checksum(), embedded.Checksum());
            Assert.NotEqual(mono.Checksum(), embedded.Checksum());
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
            Requirement.Peer(File.Exists(mono), $"{mono} is not installed (Debian package fonts-dejavu-core, which .ci/run installs).", "fonts-dejavu-core");
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz(), options: new ConfusionMatrixPlotOptions { FontFile = mono });
            PngImage withFile = PngImage.Decode(plot.ToPng(500, 450));
            PngImage standard = PngImage.Decode(new ConfusionMatrixPlot(PlotTestData.PerfectLcz()).ToPng(500, 450));
            Assert.Equal(500, withFile.Width);
            // Same matrix, another typeface: the text pixels differ.
            Assert.NotEqual(standard.Checksum(), withFile.Checksum());
        }
    }
}
