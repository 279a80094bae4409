using System;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests
{
    public class LczMapPlotTests
    {
        // The standard LCZ colours (Stewart & Oke's WUDAPT palette), written here independently of LczClasses.
        private const string Lcz2 = "#d10000", LczA = "#006a00", LczG = "#6a6aff", Lcz9 = "#ffccaa";

        private static byte[] Map(int width, int height)
        {
            // Left half LCZ 2 (code 2), right half LCZ A (code 11), the bottom row water (code 17) with a nodata cell.
            var codes = new byte[width * height];
            for (int r = 0; r < height; r++)
                for (int c = 0; c < width; c++)
                    codes[r * width + c] = (byte)(r == height - 1 ? 17 : c < width / 2 ? 2 : 11);
            codes[(height - 1) * width] = 0;
            return codes;
        }

        [Fact]
        public void Every_cell_has_its_class_colour_and_nodata_is_white()
        {
            const int width = 20, height = 10;
            var plot = new LczMapPlot(Map(width, height), width, height, extent: (500_000, 502_000, 4_000_000, 4_001_000));
            var (png, left, top, right, bottom) = plot.Render(1200, 900);
            PngImage image = PngImage.Decode(png);
            double cw = (right - left) / width, ch = (bottom - top) / height;
            Assert.True(cw > 10 && ch > 10, $"cells of {cw:F1} x {ch:F1} px are too small");
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    var (x, y) = ((int)(left + (c + 0.5) * cw), (int)(top + (r + 0.5) * ch));
                    string expected = r == height - 1 ? (c == 0 ? "#ffffff" : LczG) : c < width / 2 ? Lcz2 : LczA;
                    AssertColor(image, x, y, expected, $"cell ({r}, {c})");
                }
            }
        }

        [Fact]
        public void The_legend_lists_the_classes_on_the_map_unless_asked_for_all()
        {
            byte[] codes = Map(20, 10);
            PngImage only = PngImage.Decode(new LczMapPlot(codes, 20, 10).ToPng());
            PngImage all = PngImage.Decode(new LczMapPlot(codes, 20, 10, options: new LczMapPlotOptions { LegendAllClasses = true }).ToPng());
            Assert.False(Contains(only, Lcz9), "LCZ 9 is not on the map and not in its legend");
            Assert.True(Contains(all, Lcz9), "LCZ 9 is in the legend of all classes");
            Assert.Throws<ArgumentException>(() => new LczMapPlot(new byte[] { 18 }, 1, 1));
            Assert.Throws<ArgumentException>(() => new LczMapPlot(new byte[3], 2, 2));
        }

        private static bool Contains(PngImage image, string hex)
        {
            (byte r, byte g, byte b) = (Convert.ToByte(hex[1..3], 16), Convert.ToByte(hex[3..5], 16), Convert.ToByte(hex[5..7], 16));
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    if (image[x, y] == (r, g, b, 255)) return true;
            return false;
        }

        private static void AssertColor(PngImage image, int x, int y, string hex, string what)
        {
            (byte r, byte g, byte b) = (Convert.ToByte(hex[1..3], 16), Convert.ToByte(hex[3..5], 16), Convert.ToByte(hex[5..7], 16));
            var (pr, pg, pb, _) = image[x, y];
            Assert.True(Math.Abs(pr - r) <= 2 && Math.Abs(pg - g) <= 2 && Math.Abs(pb - b) <= 2, $"{what} at ({x}, {y}) is ({pr}, {pg}, {pb}), not {hex}");
        }
    }
}
