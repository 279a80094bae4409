using System.Collections.Generic;
using Msmla.Core.Metrics;

namespace Msmla.Core.Notebooks
{
    /// <summary>
    /// The notebook formatters of the metric types (<see cref="ClassificationMetrics"/> and <see cref="ConfusionMatrix"/>
    /// as HTML tables), named by their <see cref="TypeFormatterSourceAttribute"/>.
    /// </summary>
    internal sealed class MetricsFormatterSource
    {
        /// <summary>The formatters (the kernel calls this by name).</summary>
        public IEnumerable<object> CreateTypeFormatters() => new object[]
        {
            NotebookFormatter.For<ClassificationMetrics>(MimeTypes.Html, ClassificationMetricsHtml.Write),
            NotebookFormatter.For<ConfusionMatrix>(MimeTypes.Html, ConfusionMatrixHtml.Write),
        };
    }
}
