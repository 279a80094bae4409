using System;
using System.Collections.Generic;
using Msmla.Core.Preprocessing;
using Msmla.Data.Scenes;

namespace Msmla.Benchmarks.Mapping;

/// <summary>
/// The windows the mapper classifies, cut here once and kept in memory, for the bare predictor: the whole scene is read,
/// the input pipeline applied to every pixel (raw = (DN - offset) / divisor, then (raw - shift) x scale; nodata as NaN), and
/// every cell's window that lies inside the scene and holds no nodata is copied out (NCHW, cells in row-major order).
/// Written from the map's documented geometry, independently of the mapper's code.
/// </summary>
internal sealed class BareWindows
{
    private BareWindows(float[] values, int[] cells, int count, int mapWidth, int mapHeight)
    {
        Values = values;
        Cells = cells;
        Count = count;
        MapWidth = mapWidth;
        MapHeight = mapHeight;
    }

    /// <summary>Count x bands x patch x patch model input.</summary>
    public float[] Values { get; }

    /// <summary>The map cell (row x width + column) of each window.</summary>
    public int[] Cells { get; }

    public int Count { get; }

    public int MapWidth { get; }

    public int MapHeight { get; }

    public static BareWindows Cut(GeoTiffScene scene, InputPipeline input, int step)
    {
        int width = scene.Width, height = scene.Height, patch = input.PatchSize, bands = input.Channels;
        SceneBandSelection selection = scene.SelectBands(input.Bands);
        long plane = (long)width * height;
        var pixels = new float[bands * plane];
        scene.ReadRows(0, height, selection, pixels);
        (double[] shift, double[] scale) = input.Normalization.Resolve(input.Bands);
        for (int b = 0; b < bands; b++)
        {
            double? noData = selection.NoData[b];
            Span<float> band = pixels.AsSpan((int)(b * plane), (int)plane);
            for (int i = 0; i < band.Length; i++)
            {
                double raw = (band[i] - input.Scaling.Offset) / input.Scaling.Divisor;
                band[i] = noData is double nd && band[i] == nd ? float.NaN : (float)((raw - shift[b]) * scale[b]);
            }
        }

        int mapWidth = (width + step - 1) / step, mapHeight = (height + step - 1) / step;
        int window = bands * patch * patch;
        var cells = new List<int>();
        var values = new float[(long)mapWidth * mapHeight * window];
        int count = 0;
        for (int r = 0; r < mapHeight; r++)
        {
            int top = r * step + step / 2 - patch / 2;
            if (top < 0 || top + patch > height) continue;
            for (int c = 0; c < mapWidth; c++)
            {
                int left = c * step + step / 2 - patch / 2;
                if (left < 0 || left + patch > width) continue;
                Span<float> target = values.AsSpan(count * window, window);
                bool missing = false;
                for (int b = 0; b < bands && !missing; b++)
                {
                    for (int i = 0; i < patch && !missing; i++)
                    {
                        ReadOnlySpan<float> row = pixels.AsSpan((int)(b * plane + (long)(top + i) * width + left), patch);
                        row.CopyTo(target.Slice((b * patch + i) * patch, patch));
                        foreach (float v in row) missing |= float.IsNaN(v);
                    }
                }
                if (missing) continue;
                cells.Add(r * mapWidth + c);
                count++;
            }
        }
        Array.Resize(ref values, count * window);
        return new BareWindows(values, cells.ToArray(), count, mapWidth, mapHeight);
    }
}
