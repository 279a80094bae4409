using System;
using System.Linq;
using Msmla.Models;
using Msmla.Models.Architectures;

namespace Msmla.Models.Tests.Architectures;

public class MsmlaNetTests
{
    [Fact]
    public void Weight_keys_are_stable_and_in_Keras_creation_order()
    {
        using MsmlaNet model = LczModels.CreateMsmla18();
        string[] keys = model.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(new[] { "stem.conv5x5.weight", "stem.conv5x5.bias", "stem.conv3x3.weight", "stem.conv3x3.bias", "stem.conv1x1.weight", "stem.conv1x1.bias",
            "stem.cbam.channel.fc1.weight" }, keys.Take(7));
        Assert.Equal(new[] { "fc.weight", "fc.bias" }, keys.TakeLast(2));
        int block0 = Array.IndexOf(keys, "stage1.block0.conv1.weight");
        int shortcut = Array.IndexOf(keys, "stage1.block0.shortcut.conv.weight");
        int se = Array.IndexOf(keys, "stage1.block0.se.fc1.weight");
        int cbam = Array.IndexOf(keys, "stage1.cbam.channel.fc3.weight");
        int block1 = Array.IndexOf(keys, "stage1.block1.conv1.weight");
        Assert.True(block0 >= 0 && block0 < shortcut && shortcut < se && se < cbam && cbam < block1,
            "Order should be block0 (convs, BN, shortcut, SE), then the stage's CBAM, then block1.");
        Assert.Contains("stage3.block1.bn2.running_var", model.state_dict().Keys);
        Assert.Contains("stage2.cbam.spatial.conv.weight", keys);
        Assert.DoesNotContain(keys, k => k.Contains("k__BackingField", StringComparison.Ordinal));
        Assert.Equal(new long[] { 16, 64, 1, 1 }, model.state_dict()["stage1.block0.conv1.weight"].shape);
        Assert.Equal(new long[] { 16, 16, 3, 3 }, model.state_dict()["stage1.block1.conv1.weight"].shape);
        Assert.Equal(new long[] { 17, 240 }, model.state_dict()["fc.weight"].shape);
    }

    [Fact]
    public void Textbook_cbam_has_no_third_dense_layer_and_fewer_parameters()
    {
        using MsmlaNet released = LczModels.CreateMsmla18();
        using MsmlaNet textbook = LczModels.CreateMsmla18(new LczModelOptions { Cbam = CbamVariant.Textbook });
        Assert.DoesNotContain(textbook.state_dict().Keys, k => k.Contains("fc3", StringComparison.Ordinal));
        // fc3 of the four CBAMs: 64x64+64, 16x16+16, 32x32+32, 64x64+64.
        Assert.Equal(4160 + 272 + 1056 + 4160, released.CountParameters().Trainable - textbook.CountParameters().Trainable);
    }

    [Fact]
    public void Msmla50_uses_bottlenecks_with_four_times_wider_outputs()
    {
        using MsmlaNet model = LczModels.CreateMsmla50();
        var state = model.state_dict();
        Assert.Equal(new long[] { 64, 16, 1, 1 }, state["stage1.block0.conv3.weight"].shape);
        Assert.Equal(new long[] { 64, 64, 1, 1 }, state["stage1.block0.shortcut.conv.weight"].shape);
        Assert.Equal(new long[] { 256, 128, 1, 1 }, state["stage3.block0.shortcut.conv.weight"].shape);
        Assert.Contains("stage3.block5.se.fc2.bias", state.Keys);
        Assert.DoesNotContain("stage3.block6.conv1.weight", state.Keys);
        Assert.Equal(new long[] { 17, 768 }, state["fc.weight"].shape);
    }

    [Fact]
    public void Released_call_site_widths_16_32_48_give_a_208_wide_head()
    {
        using MsmlaNet model = LczModels.CreateMsmla18(new LczModelOptions { StageWidths = new[] { 16, 32, 48 } });
        Assert.Equal(48 + 64 + 16 + 32 + 48, model.FeatureWidth);
    }
}
