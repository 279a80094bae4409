using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Models.Training;
using ScottPlot;

namespace Msmla.Plotting
{
    /// <summary>
    /// Learning curves of a training run as a PNG: two panels side by side, the loss and the accuracy per epoch, each
    /// with the training curve (<see cref="PlotColors.Training"/>) and the validation curve
    /// (<see cref="PlotColors.Validation"/>, overall accuracy), and the best epoch marked.
    /// </summary>
    /// <remarks>
    /// Epochs without validation values (a run without a validation source) have no validation point; non-finite
    /// values (a diverged loss) are left out of the curves. Rendering is thread-safe per instance: every call builds
    /// its own plot.
    /// </remarks>
    /// <example>
    /// <code>
    /// new LearningCurvePlot(history, new LearningCurvePlotOptions { Title = "MSMLA-18" }).SavePng("curves.png");
    /// </code>
    /// </example>
    public sealed class LearningCurvePlot
    {
        /// <summary>The default image width in pixels.</summary>
        public const int DefaultWidth = 1200;

        /// <summary>The default image height in pixels.</summary>
        public const int DefaultHeight = 480;

        private readonly EpochRecord[] _epochs;
        private readonly int _bestEpoch;
        private readonly LearningCurvePlotOptions _options;

        /// <summary>Prepares the plot of <paramref name="history"/> (the history is copied: later changes do not show).</summary>
        /// <exception cref="ArgumentException">The history has no epoch.</exception>
        public LearningCurvePlot(TrainingHistory history, LearningCurvePlotOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(history);
            if (history.Epochs.Count == 0) throw new ArgumentException("The training history has no epoch to plot.", nameof(history));
            _epochs = history.Epochs.ToArray();
            _bestEpoch = history.BestEpoch;
            _options = options ?? new LearningCurvePlotOptions();
        }

        /// <summary>Renders the plot as PNG bytes of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A side is outside 200 to 10,000 pixels.</exception>
        public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight)
        {
            PngOutput.CheckSize(width, height);
            string font = PlotFonts.Resolve(_options.FontFamily, _options.FontFile);
            return PlotFonts.RenderWith(font, () => Draw(width, height, font));
        }

        private byte[] Draw(int width, int height, string font)
        {
            var multiplot = new Multiplot(Panel("Loss", "Loss", e => e.TrainingLoss, e => e.ValidationLoss, font, accuracy: false))
            {
                Layout = new ScottPlot.MultiplotLayouts.Columns(),
            };
            multiplot.AddPlot(Panel("Accuracy", "Accuracy (overall)", e => e.TrainingAccuracy, e => e.ValidationAccuracy, font, accuracy: true));
            try
            {
                return multiplot.Render(width, height).GetImageBytes(ImageFormat.Png, 100);
            }
            finally
            {
                foreach (Plot plot in multiplot.GetPlots()) plot.Dispose();
            }
        }

        /// <summary>Saves the plot as a PNG file (creating its directory; replaced atomically).</summary>
        public void SavePng(string path, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), path);

        /// <summary>Writes the plot as PNG to <paramref name="stream"/> at its current position.</summary>
        public void SavePng(Stream stream, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), stream);

        private Plot Panel(string name, string yLabel, Func<EpochRecord, double> training, Func<EpochRecord, double?> validation, string font, bool accuracy)
        {
            var plot = new Plot();
            AddCurve(plot, "training", PlotColors.Training, _epochs.Select(e => (e.Epoch, (double?)training(e))));
            AddCurve(plot, "validation", PlotColors.Validation, _epochs.Select(e => (e.Epoch, validation(e))));

            if (_options.ShowBestEpoch && _bestEpoch > 0)
            {
                var best = plot.Add.VerticalLine(_bestEpoch);
                best.Color = MatrixColormap.ToColor(PlotColors.BestEpoch);
                best.LinePattern = LinePattern.Dashed;
                best.LineWidth = 1.5f;
                best.LegendText = $"best epoch ({_bestEpoch})";
            }

            plot.Title(_options.Title is { Length: > 0 } title ? $"{title}: {name.ToLowerInvariant()}" : name);
            plot.XLabel("Epoch");
            plot.YLabel(yLabel);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            int first = _epochs.Min(e => e.Epoch), last = _epochs.Max(e => e.Epoch);
            double pad = Math.Max(0.5, (last - first) * 0.03);
            plot.Axes.SetLimitsX(first - pad, last + pad);
            if (accuracy)
            {
                plot.Axes.SetLimitsY(0, 1.02);
            }
            else
            {
                double[] losses = _epochs.Select(training).Concat(_epochs.Select(validation).Where(v => v.HasValue).Select(v => v!.Value))
                    .Where(double.IsFinite).ToArray();
                if (losses.Length > 0)
                {
                    double top = losses.Max();
                    plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
                }
            }
            plot.ShowLegend(accuracy ? Alignment.LowerRight : Alignment.UpperRight);
            plot.Font.Set(font);
            return plot;
        }

        private static void AddCurve(Plot plot, string label, string color, IEnumerable<(int Epoch, double? Value)> points)
        {
            (int Epoch, double Value)[] finite = points.Where(p => p.Value is double v && double.IsFinite(v)).Select(p => (p.Epoch, p.Value!.Value)).ToArray();
            if (finite.Length == 0) return;
            var scatter = plot.Add.Scatter(finite.Select(p => (double)p.Epoch).ToArray(), finite.Select(p => p.Value).ToArray(), MatrixColormap.ToColor(color));
            scatter.LineWidth = 2;
            scatter.MarkerSize = finite.Length <= 40 ? 6 : 0;
            scatter.LegendText = label;
        }
    }
}
