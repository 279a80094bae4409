using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Lcz;
using Msmla.Core.Metrics;
using Msmla.Core.Notebooks;
using Msmla.Plotting.Isolation;
using Msmla.Plotting.Notebooks;
using ScottPlot;

namespace Msmla.Plotting
{
    /// <summary>
    /// A row-normalised confusion matrix as a PNG heatmap: rows are the true classes (top to bottom), columns the
    /// predicted classes (left to right), both labelled with the LCZ codes; each cell is coloured by its share of the
    /// true class (<see cref="PlotColors.MatrixLow"/> for 0 % to <see cref="PlotColors.MatrixHigh"/> for 100 %, so the
    /// diagonal shows the recalls), non-zero cells carry their count and percentage, a colour bar shows the scale and
    /// the title gives N, OA, kappa and AA. Rows of classes without samples are grey (<see cref="PlotColors.MatrixEmptyRow"/>).
    /// </summary>
    /// <example>
    /// <code>
    /// var plot = new ConfusionMatrixPlot(matrix, ClassificationMetrics.Compute(matrix));
    /// plot.SavePng("confusion-matrix.png");
    /// </code>
    /// </example>
    [TypeFormatterSource(typeof(PlotFormatterSource<ConfusionMatrixPlot>), PreferredMimeTypes = new[] { MimeTypes.Png })]
    public sealed class ConfusionMatrixPlot : INotebookPlot
    {
        /// <summary>The default image width in pixels.</summary>
        public const int DefaultWidth = 1000;

        /// <summary>The default image height in pixels.</summary>
        public const int DefaultHeight = 900;

        private readonly long[,] _counts;
        private readonly long[] _rowSums;
        private readonly ClassificationMetrics _metrics;
        private readonly string[] _labels;
        private readonly ConfusionMatrixPlotOptions _options;

        /// <summary>Prepares the plot of <paramref name="matrix"/> (copied: later additions do not show).</summary>
        /// <param name="matrix">The confusion matrix (rows = truth, columns = prediction).</param>
        /// <param name="metrics">The metrics for the title; null = computed from <paramref name="matrix"/>.</param>
        /// <param name="options">Title, labels and cell text.</param>
        /// <exception cref="ArgumentException">The metrics or the labels do not fit the matrix.</exception>
        public ConfusionMatrixPlot(ConfusionMatrix matrix, ClassificationMetrics? metrics = null, ConfusionMatrixPlotOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(matrix);
            _options = options ?? new ConfusionMatrixPlotOptions();
            _counts = matrix.ToArray();
            _rowSums = matrix.RowSums();
            _metrics = metrics ?? ClassificationMetrics.Compute(matrix);
            if (_metrics.ClassCount != matrix.ClassCount || _metrics.Total != matrix.Total)
                throw new ArgumentException(
                    $"The metrics ({_metrics.ClassCount} classes, {_metrics.Total} samples) are not those of the matrix ({matrix.ClassCount} classes, {matrix.Total} samples).",
                    nameof(metrics));
            int n = matrix.ClassCount;
            if (_options.ClassLabels is { } labels)
            {
                if (labels.Count != n)
                    throw new ArgumentException($"ClassLabels has {labels.Count} labels for a matrix of {n} classes.", nameof(options));
                _labels = labels.ToArray();
            }
            else
            {
                _labels = n == LczClasses.Count
                    ? LczClasses.Codes.ToArray()
                    : Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            }
        }

        /// <summary>The number of classes (rows and columns).</summary>
        public int ClassCount => _labels.Length;

        /// <summary>
        /// The row-normalised matrix that is drawn: entry [i, j] = count[i, j] / row sum i, NaN for the rows of classes
        /// without samples.
        /// </summary>
        public double[,] Fractions()
        {
            int n = ClassCount;
            var fractions = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    fractions[i, j] = _rowSums[i] == 0 ? double.NaN : _counts[i, j] / (double)_rowSums[i];
            return fractions;
        }

        /// <summary>Renders the plot as PNG bytes of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A side is outside 200 to 10,000 pixels.</exception>
        public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight) => SkiaSharpIsolation.IsNeeded
            ? SkiaSharpIsolation.Render(nameof(ConfusionMatrixPlot), new object?[] { ConfusionMatrix.FromCounts(_counts), _metrics }, _options, width, height)
            : Render(width, height).Png;

        /// <inheritdoc />
        byte[] INotebookPlot.ToNotebookPng() => ToPng();

        /// <summary>Saves the plot as a PNG file (creating its directory; replaced atomically).</summary>
        public void SavePng(string path, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), path);

        /// <summary>Writes the plot as PNG to <paramref name="stream"/> at its current position.</summary>
        public void SavePng(Stream stream, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), stream);

        /// <summary>Renders the PNG and returns where the matrix cells were drawn, in pixels (left, top, right, bottom of the data area).</summary>
        internal (byte[] Png, float Left, float Top, float Right, float Bottom) Render(int width, int height)
        {
            PngOutput.CheckSize(width, height);
            string font = PlotFonts.Resolve(_options.FontFamily, _options.FontFile);
            return PlotFonts.RenderWith(font, () => Draw(width, height, font));
        }

        private (byte[] Png, float Left, float Top, float Right, float Bottom) Draw(int width, int height, string font)
        {
            int n = ClassCount;
            double[,] fractions = Fractions();

            using var plot = new Plot();
            // ScottPlot cannot scale an all-NaN heatmap: draw empty rows as 0 and cover them with grey bands.
            var intensities = (double[,])fractions.Clone();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (double.IsNaN(intensities[i, j])) intensities[i, j] = 0;
            var heatmap = plot.Add.Heatmap(intensities);
            heatmap.Colormap = new MatrixColormap();
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
            // Row 0 (the first true class) at the top: data y runs from n (top) to 0 (bottom).
            heatmap.Rectangle = new CoordinateRect(0, n, 0, n);
            heatmap.Smooth = false;
            for (int i = 0; i < n; i++)
            {
                if (_rowSums[i] != 0) continue;
                var band = plot.Add.Rectangle(0, n, n - i - 1, n - i);
                band.FillColor = MatrixColormap.ToColor(PlotColors.MatrixEmptyRow);
                band.LineWidth = 0;
            }

            var colorBar = plot.Add.ColorBar(heatmap);
            colorBar.Label = "Share of the true class";
            colorBar.LabelStyle.FontName = font;
            colorBar.LabelStyle.FontSize = 14;
            colorBar.LabelStyle.Bold = false;
            colorBar.Axis.TickLabelStyle.FontName = font;
            colorBar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => (v * 100).ToString("0", CultureInfo.InvariantCulture) + " %",
            };

            AddCellText(plot, fractions, CellFontSize(width, height, n), font);

            double[] positions = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, _labels);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.Select(p => n - p).ToArray(), _labels);
            plot.Axes.SetLimits(0, n, 0, n);
            plot.HideGrid();
            bool lcz = n == LczClasses.Count && _options.ClassLabels == null;
            plot.XLabel(lcz ? "Predicted LCZ" : "Predicted class");
            plot.YLabel(lcz ? "True LCZ" : "True class");
            plot.Title(Title());
            plot.Font.Set(font);

            byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
            PixelRect data = plot.LastRender.DataRect;
            return (png, data.Left, data.Top, data.Right, data.Bottom);
        }

        private string Title()
        {
            string first = _options.Title ?? "Confusion matrix (row-normalised)";
            var invariant = CultureInfo.InvariantCulture;
            string second = string.Create(invariant,
                $"N = {_metrics.Total:N0}   OA = {Percent(_metrics.MicroAccuracy)}   kappa = {Ratio(_metrics.Kappa)}   AA = {Percent(_metrics.MacroAccuracy)}");
            return first + "\n" + second;
        }

        private void AddCellText(Plot plot, double[,] fractions, float fontSize, string font)
        {
            if (!_options.ShowCounts && !_options.ShowPercentages) return;
            int n = ClassCount;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    long count = _counts[i, j];
                    if (count == 0) continue;
                    var lines = new List<string>(2);
                    if (_options.ShowCounts) lines.Add(count.ToString(CultureInfo.InvariantCulture));
                    if (_options.ShowPercentages) lines.Add(CellPercent(fractions[i, j]));
                    var text = plot.Add.Text(string.Join("\n", lines), j + 0.5, n - i - 0.5);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontSize = fontSize;
                    text.LabelFontName = font;
                    text.LabelFontColor = MatrixColormap.NeedsLightText(fractions[i, j]) ? Colors.White : new ScottPlot.Color(20, 20, 20);
                }
            }
        }

        private static float CellFontSize(int width, int height, int n)
        {
            // The data area takes roughly the figure less the margins of the title, axes and colour bar.
            double cell = Math.Min(width - 220, height - 190) / (double)n;
            return (float)Math.Clamp(cell * 0.27, 6, 18);
        }

        private static string CellPercent(double fraction)
        {
            double percent = fraction * 100;
            return percent > 0 && percent < 1 ? "<1%" : percent.ToString("0", CultureInfo.InvariantCulture) + "%";
        }

        private static string Percent(double value) =>
            double.IsNaN(value) ? "n/a" : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

        private static string Ratio(double value) =>
            double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
