using System;
using System.IO;
using ScottPlot;
using SkiaSharp;

namespace Msmla.Plotting
{
    /// <summary>
    /// DejaVu Sans 2.37 (Bitstream Vera licence, in the package's licenses folder), built into the assembly so that
    /// plots have text on machines with no font installed (minimal containers, fresh servers). Served to ScottPlot
    /// under <see cref="Family"/> by a font resolver registered once; every style maps to the one regular face.
    /// </summary>
    internal sealed class EmbeddedFont : IFontResolver
    {
        /// <summary>The family name the embedded font is registered under.</summary>
        public const string Family = "Msmla Embedded DejaVu Sans";

        private const string ResourceName = "Msmla.Plotting.Fonts.DejaVuSans.ttf";
        private static readonly Lazy<byte[]> Bytes = new(Read);
        private static readonly object Gate = new();
        private static bool _registered;

        private EmbeddedFont()
        {
        }

        /// <summary>Adds the resolver to ScottPlot's font resolvers, once per process.</summary>
        public static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                Fonts.FontResolvers.Add(new EmbeddedFont());
                _registered = true;
            }
        }

        /// <summary>A new typeface of the embedded font.</summary>
        public static SKTypeface CreateTypeface()
        {
            using var data = SKData.CreateCopy(Bytes.Value);
            return SKTypeface.FromData(data)
                ?? throw new InvalidOperationException($"SkiaSharp could not read the embedded font {ResourceName}.");
        }

        /// <inheritdoc/>
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            string.Equals(fontName, Family, StringComparison.Ordinal) ? CreateTypeface() : null;

        /// <inheritdoc/>
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.Ordinal) ? CreateTypeface() : null;

        private static byte[] Read()
        {
            using Stream stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The assembly lacks its embedded font {ResourceName}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
