using System;
using System.Linq;
using Msmla.Core.Preprocessing;
using Msmla.Models;
using Msmla.Models.Architectures;

namespace Msmla.Models.Tests.Architectures;

public class LczNetTests
{
    [Fact]
    public void Reconstruction_has_the_documented_layout_and_metadata()
    {
        using LczNet model = LczModels.CreateLczNet();
        var state = model.state_dict();
        Assert.Equal(new long[] { 64, 10, 3, 3 }, state["stem.conv.weight"].shape);
        Assert.DoesNotContain("stem.conv.bias", state.Keys);
        Assert.DoesNotContain("stage1.block0.shortcut.conv.weight", state.Keys);
        Assert.Equal(new long[] { 128, 64, 1, 1 }, state["stage2.block0.shortcut.conv.weight"].shape);
        Assert.Equal(new long[] { 16, 256 }, state["stage3.block1.se.fc1.weight"].shape);
        Assert.Equal(new long[] { 17, 256 }, state["fc.weight"].shape);
        Assert.True(model.Info.IsReconstruction);
        Assert.Equal(64, model.Info.PublishedPatchSize);
        Assert.Equal("B8A", model.Info.BandOrder[9]);
        Assert.Equal(5000, model.Info.InputScaling.Divisor);
    }

    [Fact]
    public void Stride_two_stages_halve_the_feature_map()
    {
        using LczNet model = LczModels.CreateLczNet(new LczModelOptions { PatchSize = 48 });
        var summary = model.Summary();
        Assert.Equal(new long[] { 1, 256, 12, 12 }, summary.Rows.Last(r => r.Name.StartsWith("stage3", StringComparison.Ordinal) && r.Type == "BatchNorm2d").OutputShape);
    }
}
