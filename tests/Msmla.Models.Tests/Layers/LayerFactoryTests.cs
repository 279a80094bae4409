using System;
using System.Linq;
using Msmla.Models;
using Msmla.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Layers;

/// <summary>Keras initialisers: he_normal and fan-in truncated normals, Glorot uniform, zero biases, seeding.</summary>
public class LayerFactoryTests
{
    [Fact]
    public void He_normal_conv_weights_have_std_sqrt_2_over_fan_in_and_nothing_beyond_two_sd()
    {
        using LczModel model = LczModels.CreateLczNet(new LczModelOptions { Seed = 1 });
        Tensor w = model.state_dict()["stage3.block1.conv2.weight"];
        double fanIn = 256 * 3 * 3;
        double target = Math.Sqrt(2 / fanIn);
        double limit = 2 * target / LayerFactory.TruncatedNormalStd;
        double std = w.std().ToDouble();
        Assert.InRange(std / target, 0.99, 1.01);
        Assert.InRange(Math.Abs(w.mean().ToDouble()), 0, 0.01 * target);
        Assert.True(w.abs().max().ToDouble() <= limit * (1 + 1e-6), "A weight lies beyond two standard deviations of the untruncated normal.");
        Assert.True(w.abs().max().ToDouble() > 0.95 * limit, "The truncation point should be reached by some of 589,824 draws.");
    }

    [Fact]
    public void Biases_start_at_zero_and_BatchNorm_at_identity()
    {
        using LczModel model = LczModels.CreateMsmla18(new LczModelOptions { Seed = 2 });
        foreach ((string name, Tensor value) in model.state_dict())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal) || name.EndsWith("running_mean", StringComparison.Ordinal))
                Assert.Equal(0.0, value.abs().max().ToDouble());
            if (name.EndsWith("running_var", StringComparison.Ordinal) || (name.Contains(".bn", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal)))
                Assert.Equal(1.0, value.min().ToDouble());
        }
    }

    [Fact]
    public void Cbam_dense_layers_use_fan_in_scale_one_and_SE_and_fc3_Glorot_uniform()
    {
        using LczModel model = LczModels.CreateMsmla50(new LczModelOptions { Seed = 3 });
        var state = model.state_dict();
        // CBAM fc1 of the 256-channel stage-3 CBAM: 256 -> 32, truncated normal with std sqrt(1/256).
        Tensor fc1 = state["stage3.cbam.channel.fc1.weight"];
        Assert.InRange(fc1.std().ToDouble() / Math.Sqrt(1.0 / 256), 0.96, 1.04);
        Assert.True(fc1.abs().max().ToDouble() <= 2 * Math.Sqrt(1.0 / 256) / LayerFactory.TruncatedNormalStd * (1 + 1e-6));
        // CBAM fc3 (256 -> 256) and SE fc1 (256 -> 32): uniform in +-sqrt(6 / (fan_in + fan_out)), variance limit^2 / 3.
        foreach ((string key, double fanIn, double fanOut) in new[] { ("stage3.cbam.channel.fc3.weight", 256.0, 256.0), ("stage3.block0.se.fc1.weight", 256.0, 32.0) })
        {
            Tensor w = state[key];
            double limit = Math.Sqrt(6 / (fanIn + fanOut));
            Assert.True(w.abs().max().ToDouble() <= limit, key);
            Assert.InRange(w.std().ToDouble() / (limit / Math.Sqrt(3)), 0.96, 1.04);
        }
        // The classifier is he_normal: 768 inputs.
        Assert.InRange(state["fc.weight"].std().ToDouble() / Math.Sqrt(2.0 / 768), 0.9, 1.1);
    }

    [Fact]
    public void A_seed_makes_initialisation_reproducible()
    {
        using LczModel a = LczModels.CreateSen2LczNetMf(new LczModelOptions { Seed = 9 });
        using LczModel b = LczModels.CreateSen2LczNetMf(new LczModelOptions { Seed = 9 });
        using LczModel c = LczModels.CreateSen2LczNetMf(new LczModelOptions { Seed = 10 });
        var sa = a.state_dict();
        var sb = b.state_dict();
        var sc = c.state_dict();
        Assert.All(sa.Keys, k => Assert.True(sa[k].eq(sb[k]).all().ToBoolean(), k));
        Assert.False(sa["block4.conv4.weight"].eq(sc["block4.conv4.weight"]).all().ToBoolean());
    }
}
