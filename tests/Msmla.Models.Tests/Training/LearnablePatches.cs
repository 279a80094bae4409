using System;
using System.Linq;
using Msmla.Core.Data;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// A small learnable LCZ-like sample for trainer tests: each class has its own spectral signature (one mean per band,
/// drawn from a seed) plus a class-dependent horizontal stripe pattern; every pixel gets Gaussian noise and every patch
/// a random brightness offset, so the classes overlap per pixel and a model has to pool over the patch to separate them.
/// The same seed gives the same patches; a different <c>split</c> gives other patches of the same classes.
/// </summary>
internal static class LearnablePatches
{
    public static ArrayPatchSource Create(int perClass, int classes = 17, int bands = 10, int size = 16, int split = 0, double noise = 1.5, int seed = 2024)
    {
        var signatures = new float[classes, bands];
        var signatureRandom = new SeededRandom((ulong)seed);
        for (int c = 0; c < classes; c++)
            for (int b = 0; b < bands; b++) signatures[c, b] = (float)(signatureRandom.NextDouble() * 2 - 1);

        int count = perClass * classes;
        var data = new float[count * bands * size * size];
        var labels = new int[count];
        var random = SeededRandom.For(seed, 1 + split);
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order.AsSpan());
        for (int i = 0; i < count; i++)
        {
            int c = order[i] % classes;
            labels[i] = c;
            double brightness = random.NextGaussian() * 0.3;
            int period = 2 + c % 4;
            for (int b = 0; b < bands; b++)
            {
                for (int y = 0; y < size; y++)
                {
                    double stripe = (y / period) % 2 == 0 ? 0.5 : -0.5;
                    for (int x = 0; x < size; x++)
                    {
                        int at = ((i * bands + b) * size + y) * size + x;
                        data[at] = (float)(signatures[c, b] + brightness + (b == c % bands ? stripe : 0) + random.NextGaussian() * noise);
                    }
                }
            }
        }
        string[] names = Enumerable.Range(1, bands).Select(b => "B" + b).ToArray();
        return new ArrayPatchSource(data, labels, names, size, size, classes);
    }
}
