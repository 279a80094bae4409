using Msmla.Core.Lcz;

namespace Msmla.Plotting
{
    /// <summary>
    /// The standard LCZ colours as a ScottPlot colour map over positions 0-1 that stand for the map codes 0-17
    /// (position = code / 17): code 0, nodata, is transparent; codes 1-17 take <see cref="LczClass.Color"/>.
    /// </summary>
    internal sealed class LczColormap : ScottPlot.IColormap
    {
        private static readonly ScottPlot.Color[] s_colors = Build();

        /// <inheritdoc />
        public string Name => "LCZ";

        /// <inheritdoc />
        public ScottPlot.Color GetColor(double position)
        {
            if (double.IsNaN(position)) return s_colors[0];
            int code = (int)System.Math.Round(System.Math.Clamp(position, 0, 1) * LczClasses.Count);
            return s_colors[code];
        }

        /// <summary>The colour of an LCZ map code (1-17); transparent for 0.</summary>
        public static ScottPlot.Color Of(int code) => s_colors[code];

        private static ScottPlot.Color[] Build()
        {
            var colors = new ScottPlot.Color[LczClasses.Count + 1];
            colors[0] = ScottPlot.Colors.Transparent;
            foreach (LczClass lcz in LczClasses.All) colors[lcz.Index + 1] = MatrixColormap.ToColor(lcz.Color);
            return colors;
        }
    }
}
