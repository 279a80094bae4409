using System;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;

namespace Msmla.Models.Tests.Weights;

public sealed class KerasLayerPlanTests
{
    public KerasLayerPlanTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Msmla50)]
    public void Covers_every_parameter_and_statistic_of_the_model_exactly_once(LczArchitecture architecture)
    {
        using LczModel model = LczModels.Create(architecture);
        var plan = KerasLayerPlan.For(model);
        var covered = model.state_dict().Keys
            .Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .Select(k => plan.Count(t => k.StartsWith(t.Target + ".", StringComparison.Ordinal) && k.IndexOf('.', t.Target.Length + 1) < 0))
            .ToList();
        Assert.All(covered, c => Assert.Equal(1, c));
        Assert.Equal(plan.Count, plan.Select(t => t.Target).Distinct().Count());
    }

    [Fact]
    public void Orders_the_Sen2LCZ_Net_MF_heads_as_the_released_code_creates_them()
    {
        using LczModel model = LczModels.CreateSen2LczNetMf();
        var plan = KerasLayerPlan.For(model);
        // models.md: dense_1 block-1 head, dense_2 block-2 head, dense_4 final head, dense_5 block-3 head.
        Assert.Equal(new[] { "fusion1", "fusion2", "classifier", "fusion3" }, plan.Where(t => t.Kind == KerasLayerKind.Dense).Select(t => t.Target));
        Assert.Equal(Enumerable.Range(1, 4).SelectMany(b => Enumerable.Range(1, 4).Select(c => $"block{b}.conv{c}")),
            plan.Where(t => t.Kind == KerasLayerKind.Conv2D).Select(t => t.Target));
        Assert.All(plan, t => Assert.Null(t.KerasName));
    }

    [Fact]
    public void Names_MSMLA_residual_layers_and_the_classifier_as_the_released_code_does()
    {
        using LczModel model = LczModels.CreateMsmla18();
        var named = KerasLayerPlan.For(model).Where(t => t.KerasName != null).ToDictionary(t => t.KerasName!, t => t.Target);
        Assert.Equal("stage1.block0.conv1", named["res2a_branch2a"]);
        Assert.Equal("stage1.block0.shortcut.bn", named["bn2a_branch1"]);
        Assert.Equal("stage3.block1.conv2", named["res4b_branch2b"]);
        Assert.Equal("fc", named["fc17"]);
        Assert.Equal(3 * (6 + 4) + 1, named.Count);

        using LczModel model50 = LczModels.CreateMsmla50();
        var named50 = KerasLayerPlan.For(model50).Where(t => t.KerasName != null).ToDictionary(t => t.KerasName!, t => t.Target);
        Assert.Equal("stage3.block5.conv3", named50["res4f_branch2c"]);
        Assert.Equal("stage2.block3.bn2", named50["bn3d_branch2b"]);
    }

    [Fact]
    public void Refuses_models_without_a_Keras_original()
    {
        using LczModel model = LczModels.CreateLczNet();
        Assert.Throws<NotSupportedException>(() => KerasLayerPlan.For(model));
    }
}
