using System.Linq;
using Msmla.Models;
using Msmla.Models.Architectures;

namespace Msmla.Models.Tests.Architectures;

public class Sen2LczNetTests
{
    [Fact]
    public void Keys_follow_the_Keras_layer_order_of_the_released_weights()
    {
        using Sen2LczNet model = LczModels.CreateSen2LczNetMf();
        var state = model.state_dict();
        string[] keys = state.Keys.ToArray();
        // conv2d_1..16 and batch_normalization_1..16 map, in order, onto blockB.convC / blockB.bnC.
        string[] convs = keys.Where(k => k.EndsWith(".weight", System.StringComparison.Ordinal) && k.Contains(".conv", System.StringComparison.Ordinal)).ToArray();
        Assert.Equal(16, convs.Length);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"block{i / 4 + 1}.conv{i % 4 + 1}.weight"), convs);
        // dense_1, dense_2, dense_5, dense_4: fusion1 (32 in), fusion2 (64), fusion3 (128), classifier (128).
        string[] dense = keys.Where(k => !k.StartsWith("block", System.StringComparison.Ordinal) && k.EndsWith(".weight", System.StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "fusion1.weight", "fusion2.weight", "fusion3.weight", "classifier.weight" }, dense);
        Assert.Equal(new long[] { 17, 32 }, state["fusion1.weight"].shape);
        Assert.Equal(new long[] { 17, 64 }, state["fusion2.weight"].shape);
        Assert.Equal(new long[] { 17, 128 }, state["fusion3.weight"].shape);
        Assert.Equal(new long[] { 17, 128 }, state["classifier.weight"].shape);
        Assert.Equal(new long[] { 32, 32, 3, 3 }, state["block2.conv1.weight"].shape);
        Assert.True(System.Array.IndexOf(keys, "fusion1.weight") < System.Array.IndexOf(keys, "block2.conv1.weight"));
    }

    [Fact]
    public void Without_fusion_only_the_classifier_remains()
    {
        using Sen2LczNet model = LczModels.CreateSen2LczNet();
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("fusion", System.StringComparison.Ordinal));
        Assert.Equal(ModelOutputKind.Logits, model.OutputKind);
        Assert.Equal(ModelOutputKind.Probabilities, LczModels.Describe(LczArchitecture.Sen2LczNetMf).OutputKind);
    }

    [Fact]
    public void Depth_and_width_options_change_the_blocks()
    {
        using Sen2LczNet model = LczModels.CreateSen2LczNetMf(new LczModelOptions { StageWidths = new[] { 8, 16, 32 }, StageDepths = new[] { 2, 2, 3 } });
        var keys = model.state_dict().Keys.ToArray();
        Assert.Contains("block3.conv3.weight", keys);
        Assert.DoesNotContain("block1.conv3.weight", keys);
        Assert.DoesNotContain("fusion3.weight", keys);
        Assert.Equal(new long[] { 17, 32 }, model.state_dict()["fusion2.weight"].shape);
    }
}
