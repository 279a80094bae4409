using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace Msmla.Plotting
{
    /// <summary>
    /// Chooses the font of a plot. SkiaSharp's Linux build without dependencies (the one ScottPlot brings) reads the
    /// font files under the system font directories itself, without fontconfig; on a machine with no font installed
    /// the plots use the DejaVu Sans built into this assembly (<see cref="EmbeddedFont"/>).
    /// </summary>
    internal static class PlotFonts
    {
        // ScottPlot's font registry is process-wide and not safe for concurrent use, every new label takes the
        // typeface of Fonts.DefaultFontStyle (overriding its font name), and Plot.Font.Set changes both defaults
        // for the whole process. So renders take turns, each with its own font as the default, and the caller's
        // defaults are put back afterwards.
        private static readonly object Gate = new();
        private static readonly HashSet<string> RegisteredFiles = new(StringComparer.Ordinal);

        /// <summary>
        /// Runs <paramref name="render"/> with <paramref name="font"/> as ScottPlot's default font, one render at a
        /// time in the process, and restores the previous defaults afterwards.
        /// </summary>
        public static T RenderWith<T>(string font, Func<T> render)
        {
            lock (Gate)
            {
                string previousName = ScottPlot.Fonts.Default;
                SKTypeface? previousTypeface = ScottPlot.Fonts.DefaultFontStyle;
                ScottPlot.Fonts.Default = font;
                ScottPlot.Fonts.DefaultFontStyle = ScottPlot.Fonts.GetTypeface(font, bold: false, italic: false);
                try
                {
                    return render();
                }
                finally
                {
                    ScottPlot.Fonts.Default = previousName;
                    ScottPlot.Fonts.DefaultFontStyle = previousTypeface;
                }
            }
        }

        /// <summary>The sans-serif families tried in order when no family is given.</summary>
        public static IReadOnlyList<string> PreferredFamilies { get; } =
            new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "FreeSans" };

        /// <summary>
        /// The family name to give ScottPlot: the family registered from <paramref name="fontFile"/>, else
        /// <paramref name="family"/> when installed (or <see cref="EmbeddedFont.Family"/>), else the first installed of
        /// <see cref="PreferredFamilies"/>, else the system default family, else the embedded font when none is installed.
        /// </summary>
        /// <exception cref="FileNotFoundException">The font file does not exist.</exception>
        /// <exception cref="ArgumentException">The font file is not a font, or the family is not installed.</exception>
        public static string Resolve(string? family, string? fontFile)
        {
            if (fontFile != null)
            {
                if (!File.Exists(fontFile)) throw new FileNotFoundException($"The font file {fontFile} does not exist.", fontFile);
                using SKTypeface? typeface = SKTypeface.FromFile(fontFile);
                if (typeface == null) throw new ArgumentException($"{fontFile} is not a font file SkiaSharp can read (TrueType or OpenType).", nameof(fontFile));
                string name = "msmla-file:" + Path.GetFullPath(fontFile);
                lock (Gate)
                {
                    // ScottPlot keeps font resolvers in a global list: register each file once.
                    if (RegisteredFiles.Add(name)) ScottPlot.Fonts.AddFontFile(name, fontFile, bold: false, italic: false);
                }
                return name;
            }
            string chosen = Choose(family, InstalledFamilies());
            if (chosen == EmbeddedFont.Family) EmbeddedFont.Register();
            return chosen;
        }

        /// <summary>The choice of <see cref="Resolve"/> among <paramref name="installed"/> families (no font file).</summary>
        internal static string Choose(string? family, IReadOnlyCollection<string> installed)
        {
            if (string.Equals(family, EmbeddedFont.Family, StringComparison.Ordinal)) return EmbeddedFont.Family;
            if (installed.Count == 0 && family == null) return EmbeddedFont.Family;
            if (family != null)
            {
                string? match = installed.FirstOrDefault(f => string.Equals(f, family, StringComparison.OrdinalIgnoreCase));
                return match ?? throw new ArgumentException(
                    $"The font family '{family}' is not installed; installed: {string.Join(", ", installed.OrderBy(f => f, StringComparer.Ordinal))}.", nameof(family));
            }
            foreach (string preferred in PreferredFamilies)
            {
                string? match = installed.FirstOrDefault(f => string.Equals(f, preferred, StringComparison.OrdinalIgnoreCase));
                if (match != null) return match;
            }
            return SKTypeface.Default.FamilyName is { Length: > 0 } fallback && installed.Contains(fallback) ? fallback : installed.OrderBy(f => f, StringComparer.Ordinal).First();
        }

        private static IReadOnlyCollection<string> InstalledFamilies() =>
            SKFontManager.Default.FontFamilies.Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal).ToArray();
    }
}
