using System;
using System.Linq;
using System.Runtime.Loader;
using Msmla.Core.Metrics;
using Msmla.Plotting.Isolation;
using Msmla.Plotting.Tests.Support;

namespace Msmla.Plotting.Tests.Isolation
{
    /// <summary>
    /// The isolated rendering path that a notebook takes when TorchSharp's SkiaSharp 2.88 was loaded first (the
    /// end-to-end case, a real notebook, is in Msmla.Core.Tests' NotebookPackageTests): here it is forced in a process
    /// that has the right SkiaSharp, so its images can be compared with the direct ones.
    /// </summary>
    public class SkiaSharpIsolationTests
    {
        [Fact]
        public void An_application_binds_the_SkiaSharp_ScottPlot_needs_and_draws_directly()
        {
            Assert.False(SkiaSharpIsolation.IsNeeded);
            Assert.Equal(3, SkiaSharpIsolation.BuiltVersion.Major);
        }

        [Fact]
        public void A_confusion_matrix_drawn_in_the_isolated_context_is_the_direct_image_with_its_options()
        {
            ConfusionMatrix matrix = PlotTestData.PerfectLcz();
            matrix.Add(0, 4);
            var metrics = ClassificationMetrics.Compute(matrix);
            var options = new ConfusionMatrixPlotOptions
            {
                Title = "Isolated", ShowPercentages = false, ClassLabels = Enumerable.Range(0, 17).Select(i => $"c{i}").ToArray(),
            };
            byte[] direct = new ConfusionMatrixPlot(matrix, metrics, options).ToPng(640, 560);

            byte[] isolated = SkiaSharpIsolation.Render(nameof(ConfusionMatrixPlot), new object?[] { matrix, metrics }, options, 640, 560);

            Assert.Equal(direct, isolated);
            Assert.NotEqual(new ConfusionMatrixPlot(matrix, metrics).ToPng(640, 560), isolated);
            AssertRenderedByTheIsolatedContext();
        }

        [Fact]
        public void An_lcz_map_drawn_in_the_isolated_context_is_the_direct_image_with_its_extent_and_options()
        {
            byte[] codes = Enumerable.Range(0, 12 * 9).Select(i => (byte)(i % 18)).ToArray();
            (double, double, double, double)? extent = (500_000.0, 501_200.0, 4_000_000.0, 4_000_900.0);
            var options = new LczMapPlotOptions { Title = "Map", LegendAllClasses = true };
            byte[] direct = new LczMapPlot(codes, 12, 9, extent, options).ToPng(700, 500);

            byte[] isolated = SkiaSharpIsolation.Render(nameof(LczMapPlot), new object?[] { codes, 12, 9, extent }, options, 700, 500);

            Assert.Equal(direct, isolated);
            Assert.NotEqual(new LczMapPlot(codes, 12, 9).ToPng(700, 500), isolated);
        }

        [Fact]
        public void Learning_curves_drawn_in_the_isolated_context_are_the_direct_image_with_their_options()
        {
            LearningCurves curves = PlotTestData.History(6, bestEpoch: 4).ToLearningCurves();
            var options = new LearningCurvePlotOptions { Title = "Curves", ShowBestEpoch = false };
            byte[] direct = new LearningCurvePlot(curves, options).ToPng(900, 400);

            byte[] isolated = SkiaSharpIsolation.Render(nameof(LearningCurvePlot), new object?[] { curves }, options, 900, 400);

            Assert.Equal(direct, isolated);
            Assert.NotEqual(new LearningCurvePlot(curves).ToPng(900, 400), isolated);
        }

        [Fact]
        public void The_isolated_context_reports_a_bad_size_as_a_direct_render_does()
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
                SkiaSharpIsolation.Render(nameof(LczMapPlot), new object?[] { new byte[] { 1 }, 1, 1, null }, new LczMapPlotOptions(), 50, 500));
            Assert.Equal("width", error.ParamName);
        }

        [Fact]
        public void Missing_SkiaSharp_files_are_an_error_that_names_the_versions_the_places_searched_and_the_remedy()
        {
            var error = Assert.Throws<InvalidOperationException>(() => SkiaSharpFiles.Find(new Version(3, 1, 2, 3), "2.88.0.0"));

            Assert.Contains("bound SkiaSharp 2.88.0.0", error.Message, StringComparison.Ordinal);
            Assert.Contains("needs SkiaSharp 3.1.2.3", error.Message, StringComparison.Ordinal);
            Assert.Contains(AppContext.BaseDirectory.TrimEnd('/'), error.Message, StringComparison.Ordinal);
            Assert.Contains("restart the kernel", error.Message, StringComparison.Ordinal);
        }

        private static void AssertRenderedByTheIsolatedContext()
        {
            AssemblyLoadContext context = Assert.Single(AssemblyLoadContext.All, c => c.Name?.StartsWith("Msmla.Plotting (SkiaSharp", StringComparison.Ordinal) == true);
            Assert.Equal(
                new[] { "Msmla.Plotting", "ScottPlot", "SkiaSharp" },
                context.Assemblies.Select(a => a.GetName().Name!).Where(n => n is "Msmla.Plotting" or "ScottPlot" or "SkiaSharp").Order().ToArray());
            Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Msmla.Core");
        }
    }
}
