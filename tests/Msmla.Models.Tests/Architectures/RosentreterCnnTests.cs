using System.Linq;
using Msmla.Models;
using Msmla.Models.Architectures;

namespace Msmla.Models.Tests.Architectures;

public class RosentreterCnnTests
{
    [Theory]
    [InlineData(32, 512)]
    [InlineData(48, 1152)]
    [InlineData(64, 2048)]
    [InlineData(33, 512)]
    public void Flatten_width_follows_the_patch_size(int patchSize, long flatten)
    {
        using RosentreterCnn model = LczModels.CreateRosentreterCnn(new LczModelOptions { PatchSize = patchSize });
        Assert.Equal(flatten, model.FlattenWidth);
        Assert.Equal(new long[] { 256, flatten }, model.state_dict()["fc1.weight"].shape);
    }

    [Fact]
    public void Keys_are_stage_conv_and_bn_then_two_dense_layers()
    {
        using RosentreterCnn model = LczModels.CreateRosentreterCnn();
        string[] weights = model.state_dict().Keys.Where(k => k.EndsWith(".weight", System.StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "stage1.conv.weight", "stage1.bn.weight", "stage2.conv.weight", "stage2.bn.weight", "stage3.conv.weight", "stage3.bn.weight",
            "stage4.conv.weight", "stage4.bn.weight", "fc1.weight", "fc2.weight" }, weights);
        Assert.True(model.Info.IsReconstruction);
    }

    [Fact]
    public void Dense_units_option_sets_the_hidden_layer()
    {
        using RosentreterCnn model = LczModels.CreateRosentreterCnn(new LczModelOptions { DenseUnits = 64 });
        Assert.Equal(new long[] { 17, 64 }, model.state_dict()["fc2.weight"].shape);
    }
}
