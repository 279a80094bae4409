using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Msmla.Tests.Shared;

/// <summary>
/// Finds and runs the notebook formatter of a value the way .NET Interactive's convention-based discovery does
/// (dotnet/interactive, Formatter.TryRegisterFromConventionBasedFormatterSources): an attribute whose type is named
/// TypeFormatterSourceAttribute, its public FormatterSourceType and PreferredMimeTypes properties, the source made with
/// its public parameterless constructor, its public CreateTypeFormatters(), and on each formatter the public MimeType
/// and Type properties and the public Format(object, TextWriter) returning bool, all by name and by reflection only.
/// </summary>
internal static class NotebookConvention
{
    /// <summary>The MIME types the type asks for (PreferredMimeTypes of its attribute), or an empty array.</summary>
    public static string[] PreferredMimeTypes(Type type) =>
        Attributes(type).SelectMany(a => Property(a, "PreferredMimeTypes") as string[] ?? Array.Empty<string>()).ToArray();

    /// <summary>What the kernel would show for <paramref name="value"/> as <paramref name="mimeType"/>.</summary>
    public static string Format(object value, string mimeType)
    {
        foreach (object attribute in Attributes(value.GetType()))
        {
            var sourceType = (Type)Property(attribute, "FormatterSourceType")!;
            object source = Activator.CreateInstance(sourceType)!;
            var formatters = (IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
            foreach (object formatter in formatters)
            {
                if ((string?)Property(formatter, "MimeType") != mimeType) continue;
                if (Property(formatter, "Type") is Type formatted && !formatted.IsInstanceOfType(value)) continue;
                MethodInfo format = formatter.GetType().GetMethod("Format")!;
                Assert.Equal(typeof(bool), format.ReturnType);
                using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True((bool)format.Invoke(formatter, new[] { value, writer })!, $"The {mimeType} formatter declined a {value.GetType().Name}.");
                return writer.ToString();
            }
        }
        throw new InvalidOperationException($"{value.GetType().Name} has no {mimeType} formatter by the .NET Interactive convention.");
    }

    private static object[] Attributes(Type type) =>
        type.GetCustomAttributes(true).Where(a => a.GetType().Name == "TypeFormatterSourceAttribute").ToArray();

    private static object? Property(object target, string name) => target.GetType().GetProperty(name)?.GetGetMethod()?.Invoke(target, null);
}
