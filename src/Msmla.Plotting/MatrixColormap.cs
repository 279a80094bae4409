using System;
using System.Globalization;

namespace Msmla.Plotting
{
    /// <summary>
    /// The confusion-matrix colour map: linear in sRGB from <see cref="PlotColors.MatrixLow"/> (0) through
    /// <see cref="PlotColors.MatrixMiddle"/> (0.5) to <see cref="PlotColors.MatrixHigh"/> (1), like matplotlib's "Blues".
    /// </summary>
    internal sealed class MatrixColormap : ScottPlot.IColormap
    {
        private static readonly (byte R, byte G, byte B)[] Stops =
        {
            Parse(PlotColors.MatrixLow), Parse(PlotColors.MatrixMiddle), Parse(PlotColors.MatrixHigh),
        };

        /// <inheritdoc />
        public string Name => "Msmla matrix blues";

        /// <summary>The colour of a fraction (clamped to 0-1; NaN counts as 0).</summary>
        public ScottPlot.Color GetColor(double position)
        {
            if (double.IsNaN(position)) position = 0;
            double p = Math.Clamp(position, 0.0, 1.0) * (Stops.Length - 1);
            int lower = Math.Min((int)Math.Floor(p), Stops.Length - 2);
            double t = p - lower;
            (byte R, byte G, byte B) a = Stops[lower], b = Stops[lower + 1];
            return new ScottPlot.Color(Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));
        }

        /// <summary>Whether text on a cell of this fraction should be white (dark cell) rather than black.</summary>
        public static bool NeedsLightText(double position)
        {
            if (double.IsNaN(position)) return false;
            ScottPlot.Color c = new MatrixColormap().GetColor(position);
            double luminance = 0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B;
            return luminance < 140;
        }

        /// <summary>Parses <c>#RRGGBB</c>.</summary>
        internal static (byte R, byte G, byte B) Parse(string hex) => (
            byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        /// <summary>A ScottPlot colour from <c>#RRGGBB</c>.</summary>
        internal static ScottPlot.Color ToColor(string hex) => ToColor(Parse(hex));

        private static ScottPlot.Color ToColor((byte R, byte G, byte B) c) => new(c.R, c.G, c.B);

        private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
    }
}
