namespace Msmla.Plotting
{
    /// <summary>How <see cref="LczMapPlot"/> draws an LCZ map.</summary>
    public sealed record LczMapPlotOptions
    {
        /// <summary>The title; null = "LCZ map".</summary>
        public string? Title { get; init; }

        /// <summary>List all 17 classes in the legend (true) or only those on the map (false, the default).</summary>
        public bool LegendAllClasses { get; init; }

        /// <summary>The font family; null = as <see cref="ConfusionMatrixPlotOptions.FontFamily"/>.</summary>
        public string? FontFamily { get; init; }

        /// <summary>A TrueType/OpenType font file to draw all text with; overrides <see cref="FontFamily"/>.</summary>
        public string? FontFile { get; init; }
    }
}
