using System.Collections.Generic;

namespace Msmla.Plotting
{
    /// <summary>How <see cref="ConfusionMatrixPlot"/> draws a confusion matrix.</summary>
    public sealed record ConfusionMatrixPlotOptions
    {
        /// <summary>The first title line; null = "Confusion matrix (row-normalised)". The metrics line follows it.</summary>
        public string? Title { get; init; }

        /// <summary>The axis labels of the classes, in class order; null = the LCZ codes (1-10, A-G) for 17 classes, else the 0-based indices.</summary>
        public IReadOnlyList<string>? ClassLabels { get; init; }

        /// <summary>Write each non-zero cell's count. Default true.</summary>
        public bool ShowCounts { get; init; } = true;

        /// <summary>Write each non-zero cell's share of its true class, in percent. Default true.</summary>
        public bool ShowPercentages { get; init; } = true;

        /// <summary>The font family; null = the first installed of DejaVu Sans, Liberation Sans, Noto Sans, Arial, Helvetica, FreeSans, else the system default, else (no font installed) the DejaVu Sans built into Msmla.Plotting.</summary>
        public string? FontFamily { get; init; }

        /// <summary>A TrueType/OpenType font file to draw all text with; overrides <see cref="FontFamily"/>.</summary>
        public string? FontFile { get; init; }
    }
}
