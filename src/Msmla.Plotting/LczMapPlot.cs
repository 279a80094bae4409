using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Lcz;
using Msmla.Core.Notebooks;
using Msmla.Plotting.Isolation;
using Msmla.Plotting.Notebooks;
using ScottPlot;

namespace Msmla.Plotting
{
    /// <summary>
    /// A quicklook of an LCZ map as a PNG: every cell in its standard LCZ colour (nodata transparent on white), with a
    /// legend of the classes (code and name) and, when the map's extent is given, easting and northing on the axes.
    /// </summary>
    /// <example>
    /// <code>
    /// new LczMapPlot(codes, width, height).SavePng("lcz.quicklook.png");
    /// </code>
    /// </example>
    [TypeFormatterSource(typeof(PlotFormatterSource<LczMapPlot>), PreferredMimeTypes = new[] { MimeTypes.Png })]
    public sealed class LczMapPlot : INotebookPlot
    {
        /// <summary>The default image width in pixels.</summary>
        public const int DefaultWidth = 1200;

        /// <summary>The default image height in pixels.</summary>
        public const int DefaultHeight = 900;

        private readonly byte[] _codes;
        private readonly int _width;
        private readonly int _height;
        private readonly (double Left, double Right, double Bottom, double Top)? _extent;
        private readonly LczMapPlotOptions _options;

        /// <summary>Prepares the plot of a map given as row-major codes (copied).</summary>
        /// <param name="codes">One code per cell, row by row from the top: 1-17 for LCZ 1-10 and A-G, 0 for nodata.</param>
        /// <param name="width">Cells per row.</param>
        /// <param name="height">Rows.</param>
        /// <param name="extent">The map's extent in its coordinate system (left, right, bottom, top), for the axes; null = cell indices.</param>
        /// <param name="options">Title, legend and font.</param>
        /// <exception cref="ArgumentException">The codes are not width x height values of 0-17, or the extent is empty.</exception>
        public LczMapPlot(ReadOnlySpan<byte> codes, int width, int height, (double Left, double Right, double Bottom, double Top)? extent = null,
            LczMapPlotOptions? options = null)
        {
            if (width < 1 || height < 1) throw new ArgumentException($"A map of {width} x {height} cells is empty.", nameof(width));
            if (codes.Length != (long)width * height) throw new ArgumentException($"{codes.Length} codes are not a map of {width} x {height} cells.", nameof(codes));
            int bad = codes.IndexOfAnyInRange((byte)(LczClasses.Count + 1), byte.MaxValue);
            if (bad >= 0) throw new ArgumentException($"Code {codes[bad]} at cell {bad} is not an LCZ map code (0 for nodata, 1-17).", nameof(codes));
            if (extent is { } e && !(e.Right > e.Left && e.Top > e.Bottom)) throw new ArgumentException("The extent is empty.", nameof(extent));
            _codes = codes.ToArray();
            _width = width;
            _height = height;
            _extent = extent;
            _options = options ?? new LczMapPlotOptions();
        }

        /// <summary>Renders the plot as PNG bytes of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A side is outside 200 to 10,000 pixels.</exception>
        public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight) => SkiaSharpIsolation.IsNeeded
            ? SkiaSharpIsolation.Render(nameof(LczMapPlot), new object?[] { _codes, _width, _height, _extent }, _options, width, height)
            : Render(width, height).Png;

        /// <inheritdoc />
        byte[] INotebookPlot.ToNotebookPng() => ToPng();

        /// <summary>Saves the plot as a PNG file (creating its directory; replaced atomically).</summary>
        public void SavePng(string path, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), path);

        /// <summary>Writes the plot as PNG to <paramref name="stream"/> at its current position.</summary>
        public void SavePng(Stream stream, int width = DefaultWidth, int height = DefaultHeight) => PngOutput.Write(ToPng(width, height), stream);

        /// <summary>Renders the PNG and returns where the map was drawn, in pixels (left, top, right, bottom of the map's cells).</summary>
        internal (byte[] Png, float Left, float Top, float Right, float Bottom) Render(int width, int height)
        {
            PngOutput.CheckSize(width, height);
            string font = PlotFonts.Resolve(_options.FontFamily, _options.FontFile);
            return PlotFonts.RenderWith(font, () => Draw(width, height, font));
        }

        private (byte[] Png, float Left, float Top, float Right, float Bottom) Draw(int width, int height, string font)
        {
            using var plot = new Plot();
            var values = new double[_height, _width];
            for (int r = 0; r < _height; r++)
                for (int c = 0; c < _width; c++)
                    values[r, c] = _codes[r * _width + c];
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new LczColormap();
            heatmap.ManualRange = new ScottPlot.Range(0, LczClasses.Count);
            heatmap.Smooth = false;
            (double left, double right, double bottom, double top) = _extent ?? (0, _width, 0, _height);
            heatmap.Rectangle = new CoordinateRect(left, right, bottom, top);

            bool[] present = new bool[LczClasses.Count + 1];
            foreach (byte code in _codes) present[code] = true;
            foreach (LczClass lcz in LczClasses.All.Where(l => _options.LegendAllClasses || present[l.Index + 1]))
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{lcz.Code}  {lcz.Name}",
                    FillColor = LczColormap.Of(lcz.Index + 1),
                    LineWidth = 0,
                    LabelFontName = font,
                });
            }
            if (present[0]) plot.Legend.ManualItems.Add(new LegendItem { LabelText = "nodata", FillColor = Colors.White, LineColor = Colors.Gray, LineWidth = 1, LabelFontName = font });
            plot.ShowLegend(Edge.Right);
            plot.Axes.SetLimits(left, right, bottom, top);
            plot.Axes.SquareUnits();
            plot.HideGrid();
            if (_extent == null)
            {
                plot.XLabel("column");
                plot.YLabel("row (from the bottom)");
            }
            else
            {
                plot.XLabel("easting");
                plot.YLabel("northing");
            }
            plot.Title(_options.Title ?? string.Create(CultureInfo.InvariantCulture, $"LCZ map, {_width} x {_height} cells"));
            plot.Font.Set(font);

            byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
            Pixel topLeft = plot.GetPixel(new Coordinates(left, top));
            Pixel bottomRight = plot.GetPixel(new Coordinates(right, bottom));
            return (png, topLeft.X, topLeft.Y, bottomRight.X, bottomRight.Y);
        }
    }
}
