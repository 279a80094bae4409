using System;
using System.Collections.Generic;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Overviews of a map, each computed from the full resolution over blocks of factor x factor cells
    /// (factor 2, 4, 8, ...; edge blocks hold the cells that exist), so a level never inherits the rounding
    /// of the level above: the mode for class codes and the mean for probabilities, nodata cells ignored.
    /// </summary>
    internal static class MapOverviews
    {
        /// <summary>The sizes of the overviews: halving until an overview fits in one tile.</summary>
        public static List<(int Width, int Height, int Factor)> Levels(int width, int height, int tileSize)
        {
            var levels = new List<(int, int, int)>();
            int w = width, h = height, factor = 1;
            while (w > tileSize || h > tileSize)
            {
                factor *= 2;
                w = (int)(((long)width + factor - 1) / factor);
                h = (int)(((long)height + factor - 1) / factor);
                levels.Add((w, h, factor));
            }
            return levels;
        }

        /// <summary>
        /// The most frequent code of each block among codes 1 to <paramref name="classCount"/> (0 is nodata
        /// and is ignored); ties go to the smallest code; a block of nodata only gives 0.
        /// </summary>
        public static byte[] Mode(ReadOnlySpan<byte> codes, int width, int height, int factor, int classCount)
        {
            int w = (width + factor - 1) / factor, h = (height + factor - 1) / factor;
            var result = new byte[(long)w * h];
            Span<int> counts = stackalloc int[256];
            for (int oy = 0; oy < h; oy++)
            {
                int y0 = oy * factor, y1 = Math.Min(height, y0 + factor);
                for (int ox = 0; ox < w; ox++)
                {
                    int x0 = ox * factor, x1 = Math.Min(width, x0 + factor);
                    counts.Clear();
                    for (int y = y0; y < y1; y++)
                    {
                        ReadOnlySpan<byte> row = codes.Slice(y * width + x0, x1 - x0);
                        foreach (byte code in row) counts[code]++;
                    }
                    int best = 0, bestCount = 0;
                    for (int code = 1; code <= classCount; code++)
                    {
                        if (counts[code] > bestCount)
                        {
                            best = code;
                            bestCount = counts[code];
                        }
                    }
                    result[(long)oy * w + ox] = (byte)best;
                }
            }
            return result;
        }

        /// <summary>The mean of each band over each block, ignoring <paramref name="noData"/>, rounded half away from zero; <paramref name="noData"/> where a block has no value.</summary>
        public static byte[] MeanPercent(ReadOnlySpan<byte> values, int width, int height, int bands, int factor, byte noData)
        {
            int w = (width + factor - 1) / factor, h = (height + factor - 1) / factor;
            var result = new byte[(long)w * h * bands];
            Span<long> sums = bands <= 64 ? stackalloc long[bands] : new long[bands];
            Span<int> counts = bands <= 64 ? stackalloc int[bands] : new int[bands];
            for (int oy = 0; oy < h; oy++)
            {
                int y0 = oy * factor, y1 = Math.Min(height, y0 + factor);
                for (int ox = 0; ox < w; ox++)
                {
                    int x0 = ox * factor, x1 = Math.Min(width, x0 + factor);
                    sums.Clear();
                    counts.Clear();
                    for (int y = y0; y < y1; y++)
                    {
                        for (int x = x0; x < x1; x++)
                        {
                            ReadOnlySpan<byte> pixel = values.Slice(((y * width) + x) * bands, bands);
                            for (int b = 0; b < bands; b++)
                            {
                                if (pixel[b] == noData) continue;
                                sums[b] += pixel[b];
                                counts[b]++;
                            }
                        }
                    }
                    long at = ((long)oy * w + ox) * bands;
                    for (int b = 0; b < bands; b++)
                        result[at + b] = counts[b] == 0 ? noData : (byte)((2 * sums[b] + counts[b]) / (2 * counts[b]));
                }
            }
            return result;
        }

        /// <summary>The mean of each band over each block, ignoring NaN (computed in double); NaN where a block has no value.</summary>
        public static float[] MeanFloat(ReadOnlySpan<float> values, int width, int height, int bands, int factor)
        {
            int w = (width + factor - 1) / factor, h = (height + factor - 1) / factor;
            var result = new float[(long)w * h * bands];
            Span<double> sums = bands <= 64 ? stackalloc double[bands] : new double[bands];
            Span<int> counts = bands <= 64 ? stackalloc int[bands] : new int[bands];
            for (int oy = 0; oy < h; oy++)
            {
                int y0 = oy * factor, y1 = Math.Min(height, y0 + factor);
                for (int ox = 0; ox < w; ox++)
                {
                    int x0 = ox * factor, x1 = Math.Min(width, x0 + factor);
                    sums.Clear();
                    counts.Clear();
                    for (int y = y0; y < y1; y++)
                    {
                        for (int x = x0; x < x1; x++)
                        {
                            ReadOnlySpan<float> pixel = values.Slice(((y * width) + x) * bands, bands);
                            for (int b = 0; b < bands; b++)
                            {
                                if (float.IsNaN(pixel[b])) continue;
                                sums[b] += pixel[b];
                                counts[b]++;
                            }
                        }
                    }
                    long at = ((long)oy * w + ox) * bands;
                    for (int b = 0; b < bands; b++)
                        result[at + b] = counts[b] == 0 ? float.NaN : (float)(sums[b] / counts[b]);
                }
            }
            return result;
        }
    }
}
