using System;
using System.Linq;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Models.Architectures;

namespace Msmla.Models.Tests;

public class LczModelsTests
{
    // Published counts for 10 bands and 17 classes (models.md). Sen2LCZ-Net = MF minus the three fusion heads
    // (561 + 1,105 + 2,193). LCZNet is our reconstruction, counted by hand: stem 5,760 + 128; stage1 2 x 74,564;
    // stage2 232,328 + 297,608; stage3 927,504 + 1,189,136 (convs, BN, SE, shortcut); fc 4,369 = 2,805,961;
    // BatchNorm channels 64 + 4 x 64 + 5 x 128 + 5 x 256 = 2,240, so 4,480 statistics.
    [Theory]
    [InlineData(LczArchitecture.Msmla18, 180_747, 181_867)]
    [InlineData(LczArchitecture.Msmla50, 801_297, 808_913)]
    [InlineData(LczArchitecture.Sen2LczNetMf, 791_428, 793_348)]
    [InlineData(LczArchitecture.RosentreterCnn, 234_625, 235_105)]
    [InlineData(LczArchitecture.Sen2LczNet, 787_569, 789_489)]
    [InlineData(LczArchitecture.LczNet, 2_805_961, 2_810_441)]
    public void Parameter_counts_equal_the_published_ones(LczArchitecture architecture, long trainable, long kerasTotal)
    {
        using LczModel model = LczModels.Create(architecture);
        ParameterCounts counts = model.CountParameters();
        Assert.Equal(trainable, counts.Trainable);
        Assert.Equal(kerasTotal, counts.KerasTotal);
        Assert.Equal(trainable, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Typed_factories_return_the_concrete_modules_and_load_the_runtime()
    {
        using MsmlaNet msmla18 = LczModels.CreateMsmla18();
        Assert.NotNull(TorchRuntime.Status);
        using MsmlaNet msmla50 = LczModels.CreateMsmla50();
        using Sen2LczNet sen2 = LczModels.CreateSen2LczNet();
        using Sen2LczNet mf = LczModels.CreateSen2LczNetMf();
        using RosentreterCnn cnn = LczModels.CreateRosentreterCnn();
        using LczNet lcznet = LczModels.CreateLczNet();
        Assert.Equal(LczArchitecture.Msmla18, msmla18.Architecture);
        Assert.Equal(LczArchitecture.Msmla50, msmla50.Architecture);
        Assert.False(sen2.MultiLevelFusion);
        Assert.True(mf.MultiLevelFusion);
        Assert.Equal(240, msmla18.FeatureWidth);
        Assert.Equal(768, msmla50.FeatureWidth);
        Assert.Equal(512, cnn.FlattenWidth);
        Assert.Equal(LczArchitecture.LczNet, lcznet.Architecture);
        Assert.True(msmla18.training);
    }

    [Fact]
    public void Available_lists_every_architecture_with_its_metadata()
    {
        Assert.Equal(Enum.GetValues<LczArchitecture>(), LczModels.Available.Select(i => i.Architecture));
        foreach (LczModelInfo info in LczModels.Available)
        {
            Assert.Equal(10, info.Bands);
            Assert.Equal(17, info.Classes);
            Assert.Equal(32, info.PatchSize);
            Assert.False(string.IsNullOrWhiteSpace(info.Citation));
            Assert.Equal(info.Architecture == LczArchitecture.Sen2LczNetMf ? ModelOutputKind.Probabilities : ModelOutputKind.Logits, info.OutputKind);
            Assert.Equal(info.Architecture is LczArchitecture.LczNet or LczArchitecture.RosentreterCnn, info.IsReconstruction);
        }
        LczModelInfo lcznet = LczModels.Available[(int)LczArchitecture.LczNet];
        Assert.Equal(new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B11", "B12", "B8A" }, lcznet.BandOrder);
        Assert.Equal(5000, lcznet.InputScaling.Divisor);
        Assert.Contains("Reconstruction", lcznet.Notes, StringComparison.Ordinal);
        Assert.Contains("2,805,961", lcznet.Notes, StringComparison.Ordinal);
        LczModelInfo mf = LczModels.Available[(int)LczArchitecture.Sen2LczNetMf];
        Assert.Equal(new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" }, mf.BandOrder);
        Assert.Equal(10000, mf.InputScaling.Divisor);
        Assert.Equal(0.1234f, mf.InputScaling.Apply(1234), 6);
    }

    [Fact]
    public void Metadata_follows_the_options()
    {
        LczModelInfo msmla13 = LczModels.Describe(LczArchitecture.Msmla18, new LczModelOptions { Bands = 13, Classes = 5, PatchSize = 48 });
        Assert.Equal(13, msmla13.Bands);
        Assert.Equal("LandCover", msmla13.BandOrder[12]);
        Assert.Equal(5, msmla13.Classes);
        Assert.Equal(48, msmla13.PatchSize);
        LczModelInfo generic = LczModels.Describe(LczArchitecture.Sen2LczNet, new LczModelOptions { Bands = 4 });
        Assert.Equal(new[] { "Channel1", "Channel2", "Channel3", "Channel4" }, generic.BandOrder);
    }
}
