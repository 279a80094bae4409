using System;
using System.IO;
using Msmla.Core.Metrics;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests
{
    public class ConfusionMatrixPlotTests
    {
        // The colour-map stops as documented (matplotlib "Blues" ends), written here independently of PlotColors.
        private const string Low = "#F7FBFF", Middle = "#6BAED6", High = "#08306B", Grey = "#D9D9D9";

        [Fact]
        public void PerfectMatrix_DiagonalHasTheMaximumColour_OffDiagonalTheMinimum()
        {
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz());
            var (png, left, top, right, bottom) = plot.Render(1000, 900);
            PngImage image = PngImage.Decode(png);
            Assert.Equal((1000, 900), (image.Width, image.Height));

            double cw = (right - left) / 17.0, ch = (bottom - top) / 17.0;
            Assert.True(cw > 20 && ch > 20, $"cells of {cw:F1} x {ch:F1} px are too small");
            for (int i = 0; i < 17; i++)
            {
                for (int j = 0; j < 17; j++)
                {
                    // A corner of the cell, away from the centred text.
                    var (x, y) = ((int)(left + (j + 0.12) * cw), (int)(top + (i + 0.12) * ch));
                    string expected = i == j ? High : Low;
                    AssertColor(image, x, y, expected, $"cell ({i}, {j})");
                }
            }
        }

        [Fact]
        public void NonZeroCellsCarryText_ZeroCellsDoNot()
        {
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz());
            var (png, left, top, right, bottom) = plot.Render(1000, 900);
            PngImage image = PngImage.Decode(png);
            double cw = (right - left) / 17.0, ch = (bottom - top) / 17.0;
            for (int i = 0; i < 17; i++)
            {
                (int l, int t, int r, int b) centre(int col) => ((int)(left + (col + 0.2) * cw), (int)(top + (i + 0.2) * ch), (int)(left + (col + 0.8) * cw), (int)(top + (i + 0.8) * ch));
                var d = centre(i);
                int area = (d.r - d.l) * (d.b - d.t);
                // White text on the dark diagonal: "10" and "100%".
                int white = image.Count("#FFFFFF", 40, d.l, d.t, d.r, d.b);
                Assert.True(white > 10, $"diagonal cell {i} has {white} white pixels: no count text");
                Assert.True(image.Count(High, 2, d.l, d.t, d.r, d.b) > area / 3, $"diagonal cell {i} is not mostly {High}");
                var o = centre((i + 1) % 17);
                Assert.Equal((o.r - o.l) * (o.b - o.t), image.Count(Low, 2, o.l, o.t, o.r, o.b));
            }
        }

        [Fact]
        public void PartialRows_AreNormalisedPerTrueClass()
        {
            // Row 0: 1 and 1 -> 50 % each; row 1: 0 and 3 -> 0 % and 100 %.
            var matrix = ConfusionMatrix.FromCounts(new long[,] { { 1, 1 }, { 0, 3 } });
            var plot = new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { ShowCounts = false, ShowPercentages = false });
            double[,] fractions = plot.Fractions();
            Assert.Equal((0.5, 0.5, 0.0, 1.0), (fractions[0, 0], fractions[0, 1], fractions[1, 0], fractions[1, 1]));

            var (png, left, top, right, bottom) = plot.Render(500, 450);
            PngImage image = PngImage.Decode(png);
            double cw = (right - left) / 2.0, ch = (bottom - top) / 2.0;
            AssertColor(image, (int)(left + 0.5 * cw), (int)(top + 0.5 * ch), Middle, "cell (0, 0)");
            AssertColor(image, (int)(left + 1.5 * cw), (int)(top + 0.5 * ch), Middle, "cell (0, 1)");
            AssertColor(image, (int)(left + 0.5 * cw), (int)(top + 1.5 * ch), Low, "cell (1, 0)");
            AssertColor(image, (int)(left + 1.5 * cw), (int)(top + 1.5 * ch), High, "cell (1, 1)");
        }

        [Fact]
        public void QuarterShare_IsHalfwayBetweenTheLowAndMiddleStops()
        {
            var matrix = ConfusionMatrix.FromCounts(new long[,] { { 1, 3, 0 }, { 0, 4, 0 }, { 0, 0, 4 } });
            var plot = new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { ShowCounts = false, ShowPercentages = false });
            var (png, left, top, right, bottom) = plot.Render(600, 500);
            PngImage image = PngImage.Decode(png);
            double cw = (right - left) / 3.0, ch = (bottom - top) / 3.0;
            // 0.25 = half-way from #F7FBFF to #6BAED6: (177, 212.5, 234.5).
            var p = image[(int)(left + 0.5 * cw), (int)(top + 0.5 * ch)];
            Assert.InRange(p.R, 175, 179);
            Assert.InRange(p.G, 211, 214);
            Assert.InRange(p.B, 233, 236);
        }

        [Fact]
        public void RowOfAClassWithoutSamples_IsGrey()
        {
            var matrix = new ConfusionMatrix(17);
            for (int i = 0; i < 17; i++)
                if (i != 5) matrix.Add(i, i, 4);
            var plot = new ConfusionMatrixPlot(matrix);
            Assert.True(double.IsNaN(plot.Fractions()[5, 0]));
            var (png, left, top, right, bottom) = plot.Render(900, 800);
            PngImage image = PngImage.Decode(png);
            double cw = (right - left) / 17.0, ch = (bottom - top) / 17.0;
            for (int j = 0; j < 17; j++)
                AssertColor(image, (int)(left + (j + 0.5) * cw), (int)(top + 5.5 * ch), Grey, $"cell (5, {j})");
            AssertColor(image, (int)(left + 4.5 * cw), (int)(top + 4.12 * ch), High, "cell (4, 4)");
        }

        [Fact]
        public void Image_IsNotBlank_AndHasTheRequestedSize()
        {
            var rng = new Random(3);
            var matrix = new ConfusionMatrix(17);
            for (int k = 0; k < 2000; k++)
            {
                int t = rng.Next(17);
                matrix.Add(t, rng.NextDouble() < 0.6 ? t : rng.Next(17));
            }
            PngImage image = PngImage.Decode(new ConfusionMatrixPlot(matrix).ToPng(640, 480));
            Assert.Equal((640, 480), (image.Width, image.Height));
            Assert.True(image.DistinctColors() > 50, $"only {image.DistinctColors()} colours");
            Assert.True(image.Count("#FFFFFF", 0) > 640 * 480 / 20, "no white background");
        }

        [Fact]
        public void SavePng_ToPathAndStream_GiveTheSameImage()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz());
            string path = Path.Combine(directory.Path, "nested", "dir", "matrix.png");
            plot.SavePng(path, 400, 360);
            using var stream = new MemoryStream();
            plot.SavePng(stream, 400, 360);
            PngImage fromFile = PngImage.Read(path), fromStream = PngImage.Decode(stream.ToArray());
            Assert.Equal(fromFile.Checksum(), fromStream.Checksum());
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        }

        [Fact]
        public void ConcurrentRenders_GiveTheImageOfASequentialRender()
        {
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz());
            long expected = PngImage.Decode(plot.ToPng(400, 360)).Checksum();
            var learning = new LearningCurvePlot(PlotTestData.History(12));
            long expectedCurves = PngImage.Decode(learning.ToPng(500, 300)).Checksum();
            // Renders with a font file of their own run alongside: they must not change the others' text.
            string mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
            var withFile = File.Exists(mono) ? new ConfusionMatrixPlot(PlotTestData.PerfectLcz(), options: new ConfusionMatrixPlotOptions { FontFile = mono }) : null;
            var checksums = new System.Collections.Concurrent.ConcurrentBag<(bool Matrix, long Checksum)>();
            System.Threading.Tasks.Parallel.For(0, 36, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                if (i % 3 == 0) checksums.Add((true, PngImage.Decode(plot.ToPng(400, 360)).Checksum()));
                else if (i % 3 == 1) checksums.Add((false, PngImage.Decode(learning.ToPng(500, 300)).Checksum()));
                else withFile?.ToPng(400, 360);
            });
            Assert.All(checksums, c => Assert.Equal(c.Matrix ? expected : expectedCurves, c.Checksum));
        }

        [SkippableFact]
        public void RenderWithAFontFile_DoesNotChangeTheNextRender()
        {
            const string mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
            Requirement.Peer(File.Exists(mono), $"{mono} is not installed (Debian package fonts-dejavu-core, which .ci/run installs).", "fonts-dejavu-core");
            var plot = new ConfusionMatrixPlot(PlotTestData.PerfectLcz());
            long before = PngImage.Decode(plot.ToPng(400, 360)).Checksum();
            new ConfusionMatrixPlot(PlotTestData.PerfectLcz(), options: new ConfusionMatrixPlotOptions { FontFile = mono }).ToPng(400, 360);
            Assert.Equal(before, PngImage.Decode(plot.ToPng(400, 360)).Checksum());
        }

        [Fact]
        public void NonLczMatrix_WithCustomLabels_Renders()
        {
            var matrix = ConfusionMatrix.FromCounts(new long[,] { { 5, 1, 0 }, { 2, 7, 1 }, { 0, 0, 9 } });
            var plot = new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { ClassLabels = new[] { "urban", "trees", "water" }, Title = "Three classes" });
            PngImage image = PngImage.Decode(plot.ToPng(500, 450));
            Assert.Equal(500, image.Width);
            Assert.True(image.Count(High, 2) > 0);
        }

        [Fact]
        public void BadArguments_AreRejectedWithClearMessages()
        {
            ConfusionMatrix matrix = PlotTestData.PerfectLcz();
            var labels = Assert.Throws<ArgumentException>(() =>
                new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { ClassLabels = new[] { "a", "b" } }));
            Assert.Contains("2 labels for a matrix of 17 classes", labels.Message);

            var other = ConfusionMatrix.FromCounts(new long[,] { { 1, 0 }, { 0, 1 } });
            var metrics = Assert.Throws<ArgumentException>(() => new ConfusionMatrixPlot(matrix, ClassificationMetrics.Compute(other)));
            Assert.Contains("not those of the matrix", metrics.Message);

            var plot = new ConfusionMatrixPlot(matrix);
            Assert.Throws<ArgumentOutOfRangeException>(() => plot.ToPng(50, 400));
            Assert.Throws<ArgumentOutOfRangeException>(() => plot.ToPng(400, 20000));
            Assert.Throws<ArgumentNullException>(() => new ConfusionMatrixPlot(null!));
        }

        [Fact]
        public void EmptyMatrix_RendersGreyRowsAndNotAvailableMetrics()
        {
            var plot = new ConfusionMatrixPlot(new ConfusionMatrix(17));
            var (png, left, top, right, bottom) = plot.Render(600, 560);
            PngImage image = PngImage.Decode(png);
            AssertColor(image, (int)((left + right) / 2), (int)((top + bottom) / 2), Grey, "centre");
        }

        private static void AssertColor(PngImage image, int x, int y, string hex, string what)
        {
            var expected = PngImage.ParseHex(hex);
            var actual = image[x, y];
            bool close = Math.Abs(actual.R - expected.R) <= 2 && Math.Abs(actual.G - expected.G) <= 2 && Math.Abs(actual.B - expected.B) <= 2;
            Assert.True(close, $"{what} at ({x}, {y}) is #{actual.R:X2}{actual.G:X2}{actual.B:X2}, expected {hex}");
        }
    }
}
