using System;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>Class weights: balanced weights counted from the training labels, and updates that follow the weighted loss.</summary>
[Collection(TrainerCollection.Name)]
public sealed class ClassWeightTests
{
    [Fact]
    public void Balanced_weights_are_N_over_K_times_the_class_count_of_the_training_labels()
    {
        // An imbalanced sample: classes 0-2 kept whole, the others one patch in three, class 16 dropped.
        ArrayPatchSource full = TinyTraining.Training(count: 120);
        int[] keep = Enumerable.Range(0, (int)full.Info.Count)
            .Where(i => full.Labels![i] != 16 && (full.Labels[i] < 3 || i % 3 == 0)).ToArray();
        ArrayPatchSource training = Subset(full, keep);
        int[] labels = training.Labels!.ToArray();

        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(1, directory.Path) with { Loss = new LossOptions { BalancedClassWeights = true } };
        new LczTrainer(model, options).Fit(training, TinyTraining.Validation());

        var weights = LczTrainer.ReadCheckpoint(directory.Path).ClassWeights!;
        int present = labels.Distinct().Count();
        for (int c = 0; c < 17; c++)
        {
            int count = labels.Count(l => l == c);
            double expected = count == 0 ? 0 : labels.Length / (double)(present * count);
            Assert.Equal(expected, weights[c], 5);
        }
        Assert.Equal(0f, weights[16]);
    }

    [Theory]
    [InlineData(ClassWeightReduction.WeightedMean)]
    [InlineData(ClassWeightReduction.KerasSampleWeights)]
    public void The_update_is_an_SGD_step_on_TorchSharps_weighted_cross_entropy(ClassWeightReduction reduction)
    {
        // One full batch, SGD without momentum, no dropout: the trained weights must equal w0 - lr * grad of the weighted
        // loss computed here with TorchSharp's own cross_entropy (weight=...) or its per-sample losses times the weights.
        ArrayPatchSource training = TinyTraining.Training();
        float[] weights = Enumerable.Range(0, 17).Select(c => 0.25f + c * 0.2f).ToArray();
        const double lr = 0.3;
        using LczModel model = TinyTraining.Model(dropout: 0);
        using LczModel reference = TinyTraining.Model(dropout: 0);
        TrainerOptions options = TinyTraining.Options(1) with
        {
            BatchSize = (int)training.Info.Count,
            Optimizer = OptimizerOptions.Sgd(lr, momentum: 0),
            Schedule = LearningRateScheduleOptions.Constant(),
            Loss = new LossOptions { ClassWeights = weights, WeightReduction = reduction },
        };
        new LczTrainer(model, options).Fit(training);
        if (model.IsChannelsLast) reference.UseChannelsLast(); // the trainer's default on the CPU: the same kernels, the same rounding

        using (PatchBatch batch = training.ReadBatches(new BatchOptions { BatchSize = (int)training.Info.Count }).Single())
        using (Tensor x = batch.ToTensor())
        using (Tensor y = batch.LabelsToTensor())
        using (Tensor w = tensor(weights))
        {
            reference.train();
            using Tensor output = reference.call(x);
            using Tensor loss = reduction == ClassWeightReduction.WeightedMean
                ? nn.functional.cross_entropy(output, y, weight: w)
                : (nn.functional.cross_entropy(output, y, reduction: nn.Reduction.None) * w.index_select(0, y)).mean();
            loss.backward();
            using (no_grad())
            {
                foreach (var p in reference.parameters()) p.sub_(p.grad! * lr);
            }
        }
        var trained = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in reference.named_parameters())
            Assert.True(p.allclose(trained[name], rtol: 1e-4, atol: 1e-6), $"{name} differs from an SGD step on the {reduction} loss");
    }

    private static ArrayPatchSource Subset(ArrayPatchSource source, int[] indices)
    {
        int per = source.Info.ValuesPerPatch;
        var data = new float[indices.Length * per];
        for (int i = 0; i < indices.Length; i++) source.Data.Span.Slice(indices[i] * per, per).CopyTo(data.AsSpan(i * per, per));
        int[] labels = indices.Select(i => source.Labels![i]).ToArray();
        return new ArrayPatchSource(data, labels, source.Info.ChannelNames, source.Info.Height, source.Info.Width, source.Info.ClassCount);
    }
}
