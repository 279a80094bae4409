using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// Class weights: balanced weights counted from the training labels against scikit-learn's compute_class_weight, and
/// the trainer's weighted step against PyTorch's weighted cross-entropy (Keras' sample weights for the other reduction).
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class ClassWeightTests
{
    [SkippableFact]
    public void Balanced_weights_are_scikit_learns_for_the_classes_present_and_0_for_the_others()
    {
        string python = PythonPeer.Require("sklearn", "numpy");
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
        IReadOnlyList<float> weights = LczTrainer.ReadCheckpoint(directory.Path).ClassWeights!;

        string printed = PythonPeer.Run(python, """
            import sys, numpy as np
            from sklearn.utils.class_weight import compute_class_weight
            y = np.array([int(v) for v in sys.argv[1].split(",")])
            classes = np.unique(y)
            for c, w in zip(classes, compute_class_weight("balanced", classes=classes, y=y)):
                print(int(c), repr(float(w)))
            """, string.Join(",", labels));
        var expected = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture), f => double.Parse(f[1], CultureInfo.InvariantCulture));
        Assert.True(expected.Count >= 10, $"only {expected.Count} classes in the sample");
        for (int c = 0; c < 17; c++)
        {
            if (expected.TryGetValue(c, out double w))
                Assert.True(Math.Abs(weights[c] - w) <= 1e-6 * w, $"class {c}: {weights[c]} here, {w} from scikit-learn");
            else
                Assert.Equal(0f, weights[c]);
        }
        Assert.Equal(0f, weights[16]);
    }

    [SkippableTheory]
    [InlineData(ClassWeightReduction.WeightedMean)]
    [InlineData(ClassWeightReduction.KerasSampleWeights)]
    public void The_update_is_an_SGD_step_on_PyTorchs_weighted_cross_entropy(ClassWeightReduction reduction)
    {
        // One full batch, SGD without momentum, no dropout, in float64 (TrainerStep): the trainer's loss, gradients and
        // weights after the step against PyTorch's F.cross_entropy(weight=w) (WeightedMean) or its per-sample losses
        // times w[y], averaged (Keras' sample weights).
        string python = PythonPeer.Require("torch", "numpy");
        ArrayPatchSource training = TinyTraining.Training();
        // Exact in float32, with exact sums (the loss keeps the weights in float32).
        float[] weights = Enumerable.Range(0, 17).Select(c => 0.25f + c * 0.125f).ToArray();
        var loss = new LossOptions { ClassWeights = weights, WeightReduction = reduction };
        OptimizerOptions sgd = OptimizerOptions.Sgd(0.3, momentum: 0);
        using LczModel model = TinyTraining.Model(dropout: 0);
        model.to(ScalarType.Float64);
        float[] x = training.Data.ToArray();
        int[] labels = training.Labels!.ToArray();
        Dictionary<string, double[]> before = TrainerStep.State(model);

        PyTorchTrainingStep.Result theirs = PyTorchTrainingStep.Run(python, model, x, labels, sgd, loss);
        TrainerStep.Result ours = TrainerStep.Run(model, x, labels, sgd, loss);

        TrainerStep.AssertEqual($"SGD on the {reduction} loss", theirs, ours, before, sgd.LearningRate);
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
