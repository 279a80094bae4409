using System.Collections.Generic;

namespace Msmla.Plotting
{
    /// <summary>The colours the plots use, as <c>#RRGGBB</c> (documented so that images can be checked and matched).</summary>
    public static class PlotColors
    {
        /// <summary>Training curves: blue.</summary>
        public const string Training = "#1F77B4";

        /// <summary>Validation curves: orange.</summary>
        public const string Validation = "#FF7F0E";

        /// <summary>
        /// Curves of other values (for example values a training callback logged), in order: green, red, purple, brown,
        /// pink, olive, cyan (matplotlib's tab10 without the blue, orange and grey above); repeated after the seventh.
        /// </summary>
        public static IReadOnlyList<string> Other { get; } = new[] { "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#BCBD22", "#17BECF" };

        /// <summary>The best-epoch marker line: grey.</summary>
        public const string BestEpoch = "#7F7F7F";

        /// <summary>The confusion-matrix colour for 0 % of a true class (the colour map's minimum): near-white blue.</summary>
        public const string MatrixLow = "#F7FBFF";

        /// <summary>The confusion-matrix colour at 50 % (the colour map's middle stop).</summary>
        public const string MatrixMiddle = "#6BAED6";

        /// <summary>The confusion-matrix colour for 100 % of a true class (the colour map's maximum): dark blue.</summary>
        public const string MatrixHigh = "#08306B";

        /// <summary>The confusion-matrix colour of a row whose class has no sample (nothing to normalise by): light grey.</summary>
        public const string MatrixEmptyRow = "#D9D9D9";
    }
}
