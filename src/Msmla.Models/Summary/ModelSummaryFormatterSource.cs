using System.Collections.Generic;
using Msmla.Core.Notebooks;

namespace Msmla.Models.Summary
{
    /// <summary>The notebook formatter of <see cref="ModelSummary"/> (an HTML table), named by its <see cref="TypeFormatterSourceAttribute"/>.</summary>
    internal sealed class ModelSummaryFormatterSource
    {
        /// <summary>The formatters (the kernel calls this by name).</summary>
        public IEnumerable<object> CreateTypeFormatters() => new object[]
        {
            NotebookFormatter.For<ModelSummary>(MimeTypes.Html, ModelSummaryHtml.Write),
        };
    }
}
