using System;
using System.Collections.Generic;
using Msmla.Core.Notebooks;

namespace Msmla.Plotting.Notebooks
{
    /// <summary>
    /// The notebook formatter of a plot type: the plot as <c>image/png</c>, base64-encoded as notebooks store images.
    /// Named by the <see cref="TypeFormatterSourceAttribute"/> of <see cref="ConfusionMatrixPlot"/>,
    /// <see cref="LearningCurvePlot"/> and <see cref="LczMapPlot"/>, each with its own type argument.
    /// </summary>
    /// <typeparam name="TPlot">The plot type.</typeparam>
    internal sealed class PlotFormatterSource<TPlot> where TPlot : INotebookPlot
    {
        /// <summary>The formatters (the kernel calls this by name).</summary>
        public IEnumerable<object> CreateTypeFormatters() => new object[]
        {
            NotebookFormatter.For<TPlot>(MimeTypes.Png, (plot, writer) => writer.Write(Convert.ToBase64String(plot.ToNotebookPng()))),
        };
    }
}
