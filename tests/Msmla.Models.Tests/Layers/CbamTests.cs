using System;
using Msmla.Models;
using Msmla.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Layers;

/// <summary>
/// CBAM, released and textbook, against a hand computation with plain loops over arrays (no TorchSharp op),
/// on a tiny 8-channel 5x5 input with ratio 4 and a 3x3 spatial kernel.
/// </summary>
public class CbamTests
{
    private const int C = 8, H = 5, W = 5, R = 4, K = 3;

    [Theory]
    [InlineData(CbamVariant.Released)]
    [InlineData(CbamVariant.Textbook)]
    public void Matches_a_hand_computation(CbamVariant variant)
    {
        using var layers = new LayerFactory(new LczModelOptions { Seed = 21 });
        using var cbam = new Cbam(layers, C, R, K, variant);
        RandomizeBiases(cbam);
        using Tensor x = ModelTestData.Input(1, C, H, seed: 22);
        float[] input = ModelTestData.ToArray(x);
        float[] actual;
        using (no_grad()) using (Tensor y = cbam.call(x)) actual = ModelTestData.ToArray(y);

        var state = cbam.state_dict();
        float[] expected = Reference(input, variant,
            ModelTestData.ToArray(state["channel.fc1.weight"]), ModelTestData.ToArray(state["channel.fc1.bias"]),
            ModelTestData.ToArray(state["channel.fc2.weight"]), ModelTestData.ToArray(state["channel.fc2.bias"]),
            variant == CbamVariant.Released ? ModelTestData.ToArray(state["channel.fc3.weight"]) : null,
            variant == CbamVariant.Released ? ModelTestData.ToArray(state["channel.fc3.bias"]) : null,
            ModelTestData.ToArray(state["spatial.conv.weight"]));
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"{variant} value {i}: {actual[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(CbamVariant.Released, false)]
    [InlineData(CbamVariant.Textbook, false)]
    [InlineData(CbamVariant.Released, true)]
    public void Pooled_is_the_spatial_mean_of_the_hand_computed_output(CbamVariant variant, bool channelsLast)
    {
        // What MSMLA takes of each CBAM: the per-channel mean of its output, computed without the attended map.
        using var layers = new LayerFactory(new LczModelOptions { Seed = 23 });
        using var cbam = new Cbam(layers, C, R, K, variant);
        RandomizeBiases(cbam);
        using Tensor x = ModelTestData.Input(3, C, H, seed: 24);
        float[] input = ModelTestData.ToArray(x);
        float[] pooled;
        using (no_grad())
        using (Tensor laidOut = channelsLast ? LczModel.ToChannelsLast(x) : x.alias())
        using (Tensor y = cbam.Pooled(laidOut))
        {
            Assert.Equal(new long[] { 3, C }, y.shape);
            pooled = ModelTestData.ToArray(y);
        }

        var state = cbam.state_dict();
        for (int n = 0; n < 3; n++)
        {
            float[] expected = Reference(input.AsSpan(n * C * H * W, C * H * W).ToArray(), variant,
                ModelTestData.ToArray(state["channel.fc1.weight"]), ModelTestData.ToArray(state["channel.fc1.bias"]),
                ModelTestData.ToArray(state["channel.fc2.weight"]), ModelTestData.ToArray(state["channel.fc2.bias"]),
                variant == CbamVariant.Released ? ModelTestData.ToArray(state["channel.fc3.weight"]) : null,
                variant == CbamVariant.Released ? ModelTestData.ToArray(state["channel.fc3.bias"]) : null,
                ModelTestData.ToArray(state["spatial.conv.weight"]));
            for (int c = 0; c < C; c++)
            {
                double mean = 0;
                for (int i = 0; i < H * W; i++) mean += expected[c * H * W + i] / (H * W);
                Assert.True(Math.Abs(mean - pooled[n * C + c]) < 1e-6, $"{variant} sample {n} channel {c}: {pooled[n * C + c]} vs {mean}");
            }
        }
    }

    [Fact]
    public void Released_and_textbook_differ_with_the_same_shared_weights()
    {
        using var layers = new LayerFactory(new LczModelOptions { Seed = 22 });
        using var released = new Cbam(layers, C, R, K, CbamVariant.Released);
        using var textbook = new Cbam(layers, C, R, K, CbamVariant.Textbook);
        var from = released.state_dict();
        using (no_grad())
        {
            foreach ((string key, Tensor value) in textbook.state_dict()) value.copy_(from[key]);
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor x = ModelTestData.Input(2, C, 6);
        Assert.True(ModelTestData.MaxAbsDifference(released.call(x), textbook.call(x)) > 1e-3);
    }

    private static void RandomizeBiases(nn.Module module)
    {
        using var generator = new Generator(5, CPU);
        using var _ = no_grad();
        foreach ((string name, Parameter p) in module.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal)) p.copy_(randn(p.shape, generator: generator) * 0.3);
        }
    }

    private static float[] Reference(float[] x, CbamVariant variant, float[] w1, float[] b1, float[] w2, float[] b2, float[]? w3, float[]? b3, float[] ws)
    {
        int hidden = C / R;
        double[] avg = new double[C], max = new double[C];
        for (int c = 0; c < C; c++)
        {
            max[c] = double.NegativeInfinity;
            for (int i = 0; i < H * W; i++)
            {
                double v = x[c * H * W + i];
                avg[c] += v / (H * W);
                max[c] = Math.Max(max[c], v);
            }
        }
        double[] Dense(double[] v, float[] w, float[] b, int outN, bool relu)
        {
            var o = new double[outN];
            for (int j = 0; j < outN; j++)
            {
                double s = b[j];
                for (int i = 0; i < v.Length; i++) s += w[j * v.Length + i] * v[i];
                o[j] = relu ? Math.Max(0, s) : s;
            }
            return o;
        }
        double[] logits;
        if (variant == CbamVariant.Released)
        {
            double[] a = Dense(Dense(avg, w1, b1, hidden, true), w2, b2, C, true);
            double[] bb = Dense(a, w3!, b3!, C, true);
            logits = new double[C];
            for (int c = 0; c < C; c++) logits[c] = a[c] + bb[c];
        }
        else
        {
            double[] pa = Dense(Dense(avg, w1, b1, hidden, true), w2, b2, C, false);
            double[] pm = Dense(Dense(max, w1, b1, hidden, true), w2, b2, C, false);
            logits = new double[C];
            for (int c = 0; c < C; c++) logits[c] = pa[c] + pm[c];
        }
        var scaled = new double[C * H * W];
        for (int c = 0; c < C; c++)
        {
            double gate = 1 / (1 + Math.Exp(-logits[c]));
            for (int i = 0; i < H * W; i++) scaled[c * H * W + i] = x[c * H * W + i] * gate;
        }
        var desc = new double[2, H, W];
        for (int r = 0; r < H; r++)
        {
            for (int q = 0; q < W; q++)
            {
                double s = 0, m = double.NegativeInfinity;
                for (int c = 0; c < C; c++)
                {
                    double v = scaled[(c * H + r) * W + q];
                    s += v;
                    m = Math.Max(m, v);
                }
                desc[0, r, q] = s / C;
                desc[1, r, q] = m;
            }
        }
        var output = new float[C * H * W];
        for (int r = 0; r < H; r++)
        {
            for (int q = 0; q < W; q++)
            {
                double s = 0;
                for (int d = 0; d < 2; d++)
                {
                    for (int i = 0; i < K; i++)
                    {
                        for (int j = 0; j < K; j++)
                        {
                            int rr = r + i - K / 2, qq = q + j - K / 2;
                            if (rr < 0 || rr >= H || qq < 0 || qq >= W) continue;
                            s += ws[(d * K + i) * K + j] * desc[d, rr, qq];
                        }
                    }
                }
                double gate = 1 / (1 + Math.Exp(-s));
                for (int c = 0; c < C; c++) output[(c * H + r) * W + q] = (float)(scaled[(c * H + r) * W + q] * gate);
            }
        }
        return output;
    }
}
