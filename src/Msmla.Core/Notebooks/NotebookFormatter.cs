using System;
using System.IO;

namespace Msmla.Core.Notebooks
{
    /// <summary>
    /// One formatter of the .NET Interactive convention, duck-typed: the kernel reads the public <see cref="MimeType"/>
    /// and <see cref="Type"/> properties and calls the public <see cref="Format(object, TextWriter)"/> by these names.
    /// </summary>
    internal sealed class NotebookFormatter
    {
        private readonly Action<object, TextWriter> _write;

        /// <summary>A formatter of <paramref name="type"/> as <paramref name="mimeType"/> that runs <paramref name="write"/>.</summary>
        public NotebookFormatter(Type type, string mimeType, Action<object, TextWriter> write)
        {
            Type = type ?? throw new ArgumentNullException(nameof(type));
            MimeType = mimeType ?? throw new ArgumentNullException(nameof(mimeType));
            _write = write ?? throw new ArgumentNullException(nameof(write));
        }

        /// <summary>A formatter of <typeparamref name="T"/> as <paramref name="mimeType"/>.</summary>
        public static NotebookFormatter For<T>(string mimeType, Action<T, TextWriter> write) =>
            new(typeof(T), mimeType, (value, writer) => write((T)value, writer));

        /// <summary>The MIME type written, for example <c>text/html</c>.</summary>
        public string MimeType { get; }

        /// <summary>The type formatted (instances of derived types too).</summary>
        public Type Type { get; }

        /// <summary>Writes <paramref name="instance"/>; false (nothing written) when it is not a <see cref="Type"/>.</summary>
        public bool Format(object instance, TextWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            if (instance == null || !Type.IsInstanceOfType(instance)) return false;
            _write(instance, writer);
            return true;
        }

        /// <summary>
        /// Renders <paramref name="instance"/> to a string (what a notebook cell would show). Not named Format: the kernel
        /// looks the method up by name and an overload would make that lookup ambiguous.
        /// </summary>
        public string Render(object instance)
        {
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            if (!Format(instance, writer)) throw new ArgumentException($"The {MimeType} formatter of {Type.Name} cannot format a {instance?.GetType().Name ?? "null"}.", nameof(instance));
            return writer.ToString();
        }
    }
}
