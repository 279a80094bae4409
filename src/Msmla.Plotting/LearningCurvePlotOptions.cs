namespace Msmla.Plotting
{
    /// <summary>How <see cref="LearningCurvePlot"/> draws a training history.</summary>
    public sealed record LearningCurvePlotOptions
    {
        /// <summary>A title put before each panel's name (for example the model name), or null for the panel names alone.</summary>
        public string? Title { get; init; }

        /// <summary>Draw a dashed vertical line at the history's best epoch (when it has one). Default true.</summary>
        public bool ShowBestEpoch { get; init; } = true;

        /// <summary>The font family; null = the first installed of DejaVu Sans, Liberation Sans, Noto Sans, Arial, Helvetica, FreeSans, else the system default, else (no font installed) the DejaVu Sans built into Msmla.Plotting.</summary>
        public string? FontFamily { get; init; }

        /// <summary>A TrueType/OpenType font file to draw all text with; overrides <see cref="FontFamily"/>.</summary>
        public string? FontFile { get; init; }
    }
}
