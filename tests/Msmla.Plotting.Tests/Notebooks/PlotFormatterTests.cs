using System;
using Msmla.Core.Metrics;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests.Notebooks
{
    /// <summary>
    /// The image a notebook shows for each plot, found through the .NET Interactive convention: base64 text that
    /// decodes to a PNG of the plot's documented default size (read with the tests' own PNG decoder).
    /// </summary>
    public class PlotFormatterTests
    {
        [Fact]
        public void A_confusion_matrix_plot_shows_as_a_png_of_1000_by_900()
        {
            AssertPng(new ConfusionMatrixPlot(PlotTestData.PerfectLcz()), 1000, 900);
        }

        [Fact]
        public void A_learning_curve_plot_shows_as_a_png_of_1200_by_480()
        {
            AssertPng(new LearningCurvePlot(PlotTestData.History(5)), 1200, 480);
        }

        [Fact]
        public void An_lcz_map_plot_shows_as_a_png_of_1200_by_900()
        {
            byte[] codes = new byte[40 * 30];
            for (int i = 0; i < codes.Length; i++) codes[i] = (byte)(1 + i % 17);
            AssertPng(new LczMapPlot(codes, 40, 30), 1200, 900);
        }

        private static void AssertPng(object plot, int width, int height)
        {
            Assert.Equal(new[] { "image/png" }, NotebookConvention.PreferredMimeTypes(plot.GetType()));
            string text = NotebookConvention.Format(plot, "image/png");
            PngImage image = PngImage.Decode(Convert.FromBase64String(text));
            Assert.Equal((width, height), (image.Width, image.Height));
        }
    }
}
