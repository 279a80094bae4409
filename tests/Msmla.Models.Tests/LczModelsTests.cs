using System;
using System.Linq;
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
}
