using System;
using System.Linq;
using Msmla.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Tests;

/// <summary>Behaviour shared by every architecture: shapes, train/eval, learning, input checks, parameter counting.</summary>
public class LczModelTests
{
    public static TheoryData<LczArchitecture, int> ArchitecturesAndPatchSizes()
    {
        var data = new TheoryData<LczArchitecture, int>();
        foreach (LczArchitecture a in Enum.GetValues<LczArchitecture>())
        {
            foreach (int size in new[] { 32, 48, 64 }) data.Add(a, size);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ArchitecturesAndPatchSizes))]
    public void Output_is_batch_by_classes_at_every_patch_size(LczArchitecture architecture, int patchSize)
    {
        // Training mode: BatchNorm normalises with batch statistics (a fresh model's identity running statistics
        // let deep untrained networks such as MSMLA-50 overflow in eval mode, in Keras as here).
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { PatchSize = patchSize, Seed = 1 });
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor output = model.call(ModelTestData.Input(2, 10, patchSize));
        Assert.Equal(new long[] { 2, 17 }, output.shape);
        Assert.False(output.isnan().any().ToBoolean());
        if (model.OutputKind == ModelOutputKind.Probabilities)
        {
            Assert.True(ModelTestData.MaxAbsDifference(output.sum(1), ones(2)) < 1e-5);
            Assert.True(output.min().ToSingle() >= 0);
        }
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Msmla50)]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.LczNet)]
    public void Bands_and_classes_follow_the_options(LczArchitecture architecture)
    {
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { Bands = 4, Classes = 5, PatchSize = 16, Seed = 2 });
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Assert.Equal(new long[] { 3, 5 }, model.call(ModelTestData.Input(3, 4, 16)).shape);
        var error = Assert.Throws<ArgumentException>(() => model.call(ModelTestData.Input(3, 10, 16)));
        Assert.Contains("[N, 4, H, W]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cnn_rejects_a_patch_size_other_than_its_own_with_a_clear_message()
    {
        using LczModel model = LczModels.CreateRosentreterCnn();
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => model.call(ModelTestData.Input(1, 10, 48)));
        Assert.Contains("needs 32x32 patches", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LczArchitecture.Sen2LczNet, null)]
    [InlineData(LczArchitecture.Sen2LczNetMf, null)]
    [InlineData(LczArchitecture.Msmla18, 0.5)]
    [InlineData(LczArchitecture.RosentreterCnn, 0.5)]
    [InlineData(LczArchitecture.LczNet, 0.5)]
    public void Dropout_is_active_in_training_only(LczArchitecture architecture, double? dropout)
    {
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { DropoutRate = dropout, Seed = 3 });
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor x = ModelTestData.Input(4, 10, 32);
        model.train();
        Assert.True(ModelTestData.MaxAbsDifference(model.call(x), model.call(x)) > 1e-4, "Two training passes should differ by dropout.");
        model.eval();
        Assert.Equal(0.0, ModelTestData.MaxAbsDifference(model.call(x), model.call(x)));

        using LczModel noDropout = LczModels.Create(architecture, new LczModelOptions { DropoutRate = 0, Seed = 3 });
        noDropout.train();
        Assert.True(ModelTestData.MaxAbsDifference(noDropout.call(x), noDropout.call(x)) < 1e-6, "Without dropout training passes are deterministic.");
    }

    [Fact]
    public void BatchNorm_uses_batch_statistics_in_training_and_updates_running_ones_with_momentum_0_01()
    {
        using var model = LczModels.CreateSen2LczNet(new LczModelOptions { Seed = 4 });
        var conv = (Conv2d)model.named_modules().Single(m => m.name == "block1.conv1").module;
        var norm = (BatchNorm2d)model.named_modules().Single(m => m.name == "block1.bn1").module;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor x = ModelTestData.Input(8, 10, 32);
        Tensor y = conv.call(x);
        Tensor batchMean = y.mean(new long[] { 0, 2, 3 });
        Tensor batchVar = y.var(new long[] { 0, 2, 3 }, unbiased: true);

        // Eval: running statistics (mean 0, variance 1) are used and not changed.
        model.eval();
        Tensor evalOut = norm.call(y);
        Tensor expectedEval = y / Math.Sqrt(1 + 1e-3);
        Assert.True(ModelTestData.MaxAbsDifference(evalOut, expectedEval) < 1e-5);
        model.call(x);
        Assert.Equal(0.0, norm.running_mean!.abs().max().ToDouble());

        // Training: batch statistics normalise, running = 0.99 * running + 0.01 * batch (unbiased variance).
        model.train();
        Tensor trainOut = norm.call(y);
        Tensor biasedVar = y.var(new long[] { 0, 2, 3 }, unbiased: false);
        Tensor expectedTrain = (y - batchMean.view(1, -1, 1, 1)) / (biasedVar.view(1, -1, 1, 1) + 1e-3).sqrt();
        Assert.True(ModelTestData.MaxAbsDifference(trainOut, expectedTrain) < 1e-4);
        Assert.True(ModelTestData.MaxAbsDifference(norm.running_mean!, batchMean * 0.01) < 1e-6);
        Assert.True(ModelTestData.MaxAbsDifference(norm.running_var!, batchVar * 0.01 + 0.99) < 1e-5);
        Assert.Equal(1e-3, norm.eps);
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Msmla50)]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.LczNet)]
    public void A_few_Adam_steps_on_a_fixed_batch_lower_the_loss(LczArchitecture architecture)
    {
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { DropoutRate = 0, Seed = 5 });
        model.train();
        using Tensor x = ModelTestData.Input(8, 10, 32);
        using Tensor y = tensor(new long[] { 0, 3, 5, 7, 9, 11, 13, 16 });
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        double first = 0, last = 0;
        for (int step = 0; step < 6; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor output = model.call(x);
            Tensor loss = model.OutputKind == ModelOutputKind.Logits
                ? F.cross_entropy(output, y)
                : F.nll_loss(output.clamp_min(1e-7).log(), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.ToDouble();
            last = loss.ToDouble();
        }
        Assert.True(last < first * 0.9, $"{architecture}: loss went from {first} to {last}.");
    }

    [Fact]
    public void Counts_separate_trainable_parameters_from_BatchNorm_statistics()
    {
        using LczModel model = LczModels.CreateRosentreterCnn();
        ParameterCounts counts = model.CountParameters();
        long bnChannels = 16 + 32 + 64 + 128;
        Assert.Equal(2 * bnChannels, counts.BatchNormStatistics);
        Assert.Equal(counts.Trainable + counts.BatchNormStatistics, counts.KerasTotal);
    }

    [Fact]
    public void FoldBatchNorm_requires_eval_mode_and_then_refuses_training()
    {
        using LczModel model = LczModels.CreateSen2LczNet(new LczModelOptions { Seed = 6 });
        Assert.Throws<InvalidOperationException>(() => model.FoldBatchNorm());
        model.eval();
        model.FoldBatchNorm();
        Assert.True(model.IsBatchNormFolded);
        Assert.Throws<InvalidOperationException>(() => model.FoldBatchNorm());
        model.train();
        using var scope = NewDisposeScope();
        var error = Assert.Throws<InvalidOperationException>(() => model.call(ModelTestData.Input(2, 10, 32)));
        Assert.Contains("inference-only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.LczNet)]
    public void Channels_last_gives_the_same_outputs_and_gradients_with_the_same_keys(LczArchitecture architecture)
    {
        // In float64, so that only the logic is compared: libtorch's float32 channels-last kernels sum in another
        // order, which moves early-layer weight gradients by up to ~1e-3 of their scale (and is no error of ours).
        using LczModel reference = LczModels.Create(architecture, new LczModelOptions { DropoutRate = 0, Seed = 7 });
        using LczModel channelsLast = LczModels.Create(architecture, new LczModelOptions { DropoutRate = 0, Seed = 7 });
        reference.to(ScalarType.Float64);
        channelsLast.to(ScalarType.Float64);
        channelsLast.UseChannelsLast();
        Assert.True(channelsLast.IsChannelsLast);
        Assert.Equal(reference.state_dict().Keys, channelsLast.state_dict().Keys);
        Tensor firstConv = channelsLast.parameters().First(p => p.dim() == 4);
        Assert.Equal(1, firstConv.stride(1));
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(4, 10, 32).to(ScalarType.Float64);
        Tensor y = tensor(new long[] { 1, 5, 9, 16 });
        foreach (LczModel model in new[] { reference, channelsLast })
        {
            Tensor output = model.call(x);
            Tensor loss = model.OutputKind == ModelOutputKind.Logits ? F.cross_entropy(output, y) : F.nll_loss(output.log(), y);
            loss.backward();
        }
        Assert.True(ModelTestData.MaxAbsDifference(reference.call(x), channelsLast.call(x)) < 1e-10);
        var gradients = channelsLast.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach ((string name, Parameter p) in reference.named_parameters())
        {
            double scale = Math.Max(1e-6, p.grad!.abs().max().ToDouble());
            double difference = ModelTestData.MaxAbsDifference(p.grad!, gradients[name]);
            Assert.True(difference <= 1e-9 * scale, $"{name}: gradients differ by {difference} (largest {scale}).");
        }
    }
}
