using System;
using System.Linq;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

/// <summary>Inputs and comparisons shared by the model-level weight tests.</summary>
internal static class WeightsTestData
{
    /// <summary>Reflectance-like patches (NCHW float32): per-sample band levels 0.01-0.45 with 30% pixel noise, seeded.</summary>
    public static float[] Patches(int count, int bands, int size, int seed, out long[] shape)
    {
        shape = new long[] { count, bands, size, size };
        var random = new Random(seed);
        var values = new float[count * bands * size * size];
        int i = 0;
        for (int n = 0; n < count; n++)
        {
            for (int b = 0; b < bands; b++)
            {
                double level = 0.01 + random.NextDouble() * 0.44;
                for (int p = 0; p < size * size; p++)
                    values[i++] = (float)Math.Clamp(level * (1 + 0.3 * Gaussian(random)), 0, 1);
            }
        }
        return values;
    }

    /// <summary>The model's output (eval mode, no gradients) for an NCHW batch.</summary>
    public static float[] Forward(LczModel model, float[] input, long[] shape)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.call(tensor(input, shape)).data<float>().ToArray();
    }

    /// <summary>Largest absolute difference, after checking the lengths agree.</summary>
    public static double MaxAbsDifference(float[] expected, float[] actual)
    {
        if (expected.Length != actual.Length) throw new ArgumentException($"Lengths differ: {expected.Length} vs {actual.Length}.");
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs((double)expected[i] - actual[i]));
        return worst;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
