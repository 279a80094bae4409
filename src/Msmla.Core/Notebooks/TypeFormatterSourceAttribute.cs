using System;

namespace Msmla.Core.Notebooks
{
    /// <summary>
    /// Names the formatter source of a type for .NET Interactive (Polyglot) notebooks. The notebook kernel finds it by
    /// convention: it looks for an attribute whose type is named <c>TypeFormatterSourceAttribute</c>, reads its public
    /// <see cref="FormatterSourceType"/> and <see cref="PreferredMimeTypes"/> properties, creates the source with its
    /// public parameterless constructor and calls its public <c>CreateTypeFormatters()</c> (see
    /// <see cref="NotebookFormatter"/>). Matching by name keeps the Msmla packages free of any .NET Interactive
    /// dependency; outside a notebook the attribute does nothing.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
    internal sealed class TypeFormatterSourceAttribute : Attribute
    {
        /// <summary>Names the source type.</summary>
        /// <param name="formatterSourceType">A type with a public parameterless constructor and a public <c>CreateTypeFormatters()</c>.</param>
        public TypeFormatterSourceAttribute(Type formatterSourceType)
        {
            FormatterSourceType = formatterSourceType ?? throw new ArgumentNullException(nameof(formatterSourceType));
        }

        /// <summary>The formatter source type (read by the notebook kernel by this name).</summary>
        public Type FormatterSourceType { get; }

        /// <summary>The MIME types the kernel should render the type as, most preferred first (read by this name).</summary>
        public string[]? PreferredMimeTypes { get; set; }
    }
}
