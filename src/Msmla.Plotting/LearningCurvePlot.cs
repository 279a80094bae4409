using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Core.Metrics;
using Msmla.Core.Notebooks;
using Msmla.Plotting.Isolation;
using Msmla.Plotting.Notebooks;
using ScottPlot;

namespace Msmla.Plotting
{
    /// <summary>
    /// Learning curves of a training run as a PNG: panels side by side, the loss and the accuracy per epoch, each with the
    /// training curve (<see cref="PlotColors.Training"/>) and the validation curve (<see cref="PlotColors.Validation"/>,
    /// overall accuracy), and a third panel with the other values (those training callbacks logged; colours
    /// <see cref="PlotColors.Other"/>) when there are any; the best epoch is marked in each.
    /// </summary>
    /// <remarks>
    /// Any <see cref="ILearningCurveSource"/> can be drawn: Msmla.Models' <c>TrainingHistory</c>, or
    /// <see cref="LearningCurves"/> you build. Epochs without a value (a run without a validation source) have no point;
    /// non-finite values (a diverged loss) are left out of the curves. Rendering is thread-safe per instance: every call
    /// builds its own plot.
    /// </remarks>
    /// <example>
    /// <code>
    /// new LearningCurvePlot(history, new LearningCurvePlotOptions { Title = "MSMLA-18" }).SavePng("curves.png");
    /// </code>
    /// </example>
    [TypeFormatterSource(typeof(PlotFormatterSource<LearningCurvePlot>), PreferredMimeTypes = new[] { MimeTypes.Png })]
    public sealed class LearningCurvePlot : INotebookPlot
    {
        /// <summary>The default image width in pixels.</summary>
        public const int DefaultWidth = 1200;

        /// <summary>The default image height in pixels.</summary>
        public const int DefaultHeight = 480;

        private readonly LearningCurves _curves;
        private readonly LearningCurvePlotOptions _options;

        /// <summary>Prepares the plot of <paramref name="source"/> (its curves are read now: later changes do not show).</summary>
        /// <exception cref="ArgumentException">The source has no point to plot.</exception>
        public LearningCurvePlot(ILearningCurveSource source, LearningCurvePlotOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(source);
            _curves = source.ToLearningCurves();
            if (_curves.IsEmpty) throw new ArgumentException("The training history has no epoch to plot.", nameof(source));
            _options = options ?? new LearningCurvePlotOptions();
        }

        /// <summary>Renders the plot as PNG bytes of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A side is outside 200 to 10,000 pixels.</exception>
        public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight)
        {
            if (SkiaSharpIsolation.IsNeeded)
                return SkiaSharpIsolation.Render(nameof(LearningCurvePlot), new object?[] { _curves }, _options, width, height);
            PngOutput.CheckSize(width, height);
            string font = PlotFonts.Resolve(_options.FontFamily, _options.FontFile);
            return PlotFonts.RenderWith(font, () => Draw(width, height, font));
        }

        /// <inheritdoc />
        byte[] INotebookPlot.ToNotebookPng() => ToPng();

        /// <summary>Saves the plot as a PNG file (creating its directory; replaced atomically).</summary>
        public void SavePng(string path, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), path);

        /// <summary>Writes the plot as PNG to <paramref name="stream"/> at its current position.</summary>
        public void SavePng(Stream stream, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), stream);

        private byte[] Draw(int width, int height, string font)
        {
            var multiplot = new Multiplot(Panel(LearningCurvePanel.Loss, "Loss", "Loss", font)) { Layout = new ScottPlot.MultiplotLayouts.Columns() };
            multiplot.AddPlot(Panel(LearningCurvePanel.Accuracy, "Accuracy", "Accuracy (overall)", font));
            if (_curves.Curves.Any(c => c.Panel == LearningCurvePanel.Other && Finite(c).Length > 0))
                multiplot.AddPlot(Panel(LearningCurvePanel.Other, "Other values", "Value", font));
            try
            {
                return multiplot.Render(width, height).GetImageBytes(ImageFormat.Png, 100);
            }
            finally
            {
                foreach (Plot plot in multiplot.GetPlots()) plot.Dispose();
            }
        }

        private Plot Panel(LearningCurvePanel panel, string name, string yLabel, string font)
        {
            var plot = new Plot();
            LearningCurve[] curves = _curves.Curves.Where(c => c.Panel == panel).ToArray();
            int other = 0;
            foreach (LearningCurve curve in curves)
            {
                string color = curve.Series switch
                {
                    LearningCurveSeries.Training => PlotColors.Training,
                    LearningCurveSeries.Validation => PlotColors.Validation,
                    _ => PlotColors.Other[other++ % PlotColors.Other.Count],
                };
                AddCurve(plot, panel == LearningCurvePanel.Other ? curve.Name : Legend(curve), color, Finite(curve));
            }

            if (_options.ShowBestEpoch && _curves.BestEpoch > 0)
            {
                var best = plot.Add.VerticalLine(_curves.BestEpoch);
                best.Color = MatrixColormap.ToColor(PlotColors.BestEpoch);
                best.LinePattern = LinePattern.Dashed;
                best.LineWidth = 1.5f;
                best.LegendText = $"best epoch ({_curves.BestEpoch})";
            }

            plot.Title(_options.Title is { Length: > 0 } title ? $"{title}: {name.ToLowerInvariant()}" : name);
            plot.XLabel("Epoch");
            plot.YLabel(yLabel);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            int[] epochs = _curves.Curves.SelectMany(c => c.Points).Select(p => p.Epoch).ToArray();
            int first = epochs.Min(), last = epochs.Max();
            double pad = Math.Max(0.5, (last - first) * 0.03);
            plot.Axes.SetLimitsX(first - pad, last + pad);
            double[] values = curves.SelectMany(Finite).Select(p => p.Value).ToArray();
            if (panel == LearningCurvePanel.Accuracy)
            {
                plot.Axes.SetLimitsY(0, 1.02);
            }
            else if (panel == LearningCurvePanel.Loss && values.Length > 0)
            {
                double top = values.Max();
                plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
            }
            else if (values.Length > 0)
            {
                double low = values.Min(), high = values.Max(), margin = Math.Max((high - low) * 0.08, Math.Max(Math.Abs(high), 1) * 1e-3);
                plot.Axes.SetLimitsY(low - margin, high + margin);
            }
            plot.ShowLegend(panel == LearningCurvePanel.Loss ? Alignment.UpperRight : Alignment.LowerRight);
            plot.Font.Set(font);
            return plot;
        }

        /// <summary>"training" and "validation" in the loss and accuracy panels (the panel names the value).</summary>
        private static string Legend(LearningCurve curve) => curve.Series switch
        {
            LearningCurveSeries.Training => "training",
            LearningCurveSeries.Validation => "validation",
            _ => curve.Name,
        };

        private static LearningCurvePoint[] Finite(LearningCurve curve) => curve.Points.Where(p => double.IsFinite(p.Value)).ToArray();

        private static void AddCurve(Plot plot, string label, string color, IReadOnlyList<LearningCurvePoint> points)
        {
            if (points.Count == 0) return;
            var scatter = plot.Add.Scatter(points.Select(p => (double)p.Epoch).ToArray(), points.Select(p => p.Value).ToArray(), MatrixColormap.ToColor(color));
            scatter.LineWidth = 2;
            scatter.MarkerSize = points.Count <= 40 ? 6 : 0;
            scatter.LegendText = label;
        }
    }
}
