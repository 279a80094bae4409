using System;
using System.Linq;
using Msmla.Models;
using Msmla.Models.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Inference;

public class InferenceModelTests
{
    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Msmla50)]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.LczNet)]
    public void Folded_and_channels_last_copies_give_the_eval_output_of_the_original(LczArchitecture architecture)
    {
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { Seed = 1 });
        ModelTestData.RandomizeBatchNorm(model);
        using LczModel folded = InferenceModel.Prepare(model);
        using LczModel foldedChannelsLast = InferenceModel.Prepare(model, channelsLast: true);
        using LczModel plain = InferenceModel.Prepare(model, foldBatchNorm: false);
        Assert.True(model.training);
        Assert.False(model.IsBatchNormFolded);
        Assert.True(folded.IsBatchNormFolded);
        Assert.True(foldedChannelsLast.IsChannelsLast);
        Assert.False(folded.training);

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor x = ModelTestData.Input(4, 10, 32);
        model.eval();
        Tensor expected = model.call(x);
        Assert.True(ModelTestData.MaxAbsDifference(expected, plain.call(x)) == 0, "An unfolded copy is the same model.");
        Assert.True(ModelTestData.MaxAbsDifference(expected, folded.call(x)) < 1e-5);
        Assert.True(ModelTestData.MaxAbsDifference(expected, foldedChannelsLast.call(x)) < 1e-5);
    }

    [Fact]
    public void Channels_last_keeps_shape_and_values_and_changes_strides()
    {
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(2, 3, 4);
        Tensor cl = LczModel.ToChannelsLast(x);
        Assert.Equal(x.shape, cl.shape);
        Assert.True(x.eq(cl).all().ToBoolean());
        Assert.Equal(new long[] { 48, 1, 12, 3 }, cl.stride());
    }

    [Fact]
    public void Copying_state_between_different_layouts_names_the_problem()
    {
        using LczModel a = LczModels.CreateMsmla18();
        using LczModel b = LczModels.CreateMsmla18(new LczModelOptions { Classes = 5 });
        var error = Assert.Throws<ArgumentException>(() => InferenceModel.CopyState(a, b));
        Assert.Contains("'fc.weight' is [17, 240] in the source but [5, 240]", error.Message, StringComparison.Ordinal);
        using LczModel c = LczModels.CreateMsmla18(new LczModelOptions { Cbam = CbamVariant.Textbook });
        Assert.Throws<ArgumentException>(() => InferenceModel.CopyState(a, c));
    }
}
