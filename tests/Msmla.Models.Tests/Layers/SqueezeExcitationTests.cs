using System;
using Msmla.Models;
using Msmla.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Layers;

/// <summary>
/// Squeeze-and-excitation at the end of a residual block, ReLU(shortcut + x * gate) in one addcmul, against a hand
/// computation with loops over arrays, on 8 channels of 4 x 4 with ratio 4.
/// </summary>
public class SqueezeExcitationTests
{
    private const int N = 2, C = 8, S = 4, R = 4;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Excite_and_add_matches_a_hand_computation(bool channelsLast)
    {
        using var layers = new LayerFactory(new LczModelOptions { Seed = 31 });
        using var se = new SqueezeExcitation(layers, C, R);
        using (no_grad())
        using (var generator = new Generator(6, CPU))
        {
            foreach ((string name, Parameter p) in se.named_parameters())
                if (name.EndsWith("bias", StringComparison.Ordinal)) p.copy_(randn(p.shape, generator: generator) * 0.3);
        }
        using Tensor x = ModelTestData.Input(N, C, S, seed: 32);
        using Tensor shortcut = ModelTestData.Input(N, C, S, seed: 33);
        float[] actual;
        using (no_grad())
        using (Tensor a = channelsLast ? LczModel.ToChannelsLast(x) : x.alias())
        using (Tensor b = channelsLast ? LczModel.ToChannelsLast(shortcut) : shortcut.alias())
        using (Tensor y = se.ExciteAndAdd(a, b))
        using (Tensor dense = y.contiguous())
            actual = ModelTestData.ToArray(dense);

        var state = se.state_dict();
        float[] w1 = ModelTestData.ToArray(state["fc1.weight"]), b1 = ModelTestData.ToArray(state["fc1.bias"]);
        float[] w2 = ModelTestData.ToArray(state["fc2.weight"]), b2 = ModelTestData.ToArray(state["fc2.bias"]);
        float[] input = ModelTestData.ToArray(x), added = ModelTestData.ToArray(shortcut);
        int hidden = C / R, area = S * S;
        for (int n = 0; n < N; n++)
        {
            var mean = new double[C];
            for (int c = 0; c < C; c++)
                for (int i = 0; i < area; i++) mean[c] += input[(n * C + c) * area + i] / area;
            var h = new double[hidden];
            for (int j = 0; j < hidden; j++)
            {
                h[j] = b1[j];
                for (int c = 0; c < C; c++) h[j] += w1[j * C + c] * mean[c];
                h[j] = Math.Max(0, h[j]);
            }
            for (int c = 0; c < C; c++)
            {
                double logit = b2[c];
                for (int j = 0; j < hidden; j++) logit += w2[c * hidden + j] * h[j];
                double gate = 1 / (1 + Math.Exp(-logit));
                for (int i = 0; i < area; i++)
                {
                    int k = (n * C + c) * area + i;
                    double expected = Math.Max(0, added[k] + input[k] * gate);
                    Assert.True(Math.Abs(expected - actual[k]) < 1e-5, $"sample {n} channel {c} pixel {i}: {actual[k]} vs {expected}");
                }
            }
        }
    }
}
