using System.Collections.Generic;
using System.Linq;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// One full training step of the trainer itself (forward, loss with class weights, backward, optimizer step: see
/// <see cref="TrainerStep"/>) against the same step in PyTorch (<see cref="PyTorchTrainingStep"/>, on the PyTorch twins
/// of Architectures/lcz_pytorch.py), from identical weights, BatchNorm statistics and batch, in float64 so that only the
/// algorithms can differ: the loss, every gradient, every parameter after the step and the BatchNorm buffers
/// (running_mean, running_var) agree to float64 rounding.
/// </summary>
/// <remarks>
/// <para>Dropout is 0: its masks come from two different generators and cannot be reproduced; everything else is the
/// architectures' defaults, with non-trivial BatchNorm statistics.</para>
/// <para>The references: PyTorch's F.cross_entropy with class weights for logits (MSMLA-18); Keras'
/// categorical_crossentropy on probabilities (normalise, clip to [1e-7, 1 - 1e-7], log) with the same weights for
/// Sen2LCZ-Net-MF; torch.optim.Adam for Adam. For Nadam the reference is the algorithm PyTorch documents for NAdam, which
/// is also Keras' Nadam, written out in training_step.py and applied to the gradients PyTorch's autograd computed:
/// PyTorch 1.13's own NAdam departs from that documentation (it multiplies mu_t into the next momentum product twice,
/// fixed in PyTorch 2), which changes the first update by about 0.7 %, far above the tolerance.</para>
/// </remarks>
[Collection(TrainerCollection.Name)]
public sealed class TrainingStepParityTests
{
    public static TheoryData<LczArchitecture, string> Cases => new()
    {
        { LczArchitecture.Msmla18, "adam" },
        { LczArchitecture.Msmla18, "nadam" },
        { LczArchitecture.Sen2LczNetMf, "adam" },
        { LczArchitecture.Sen2LczNetMf, "nadam" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void One_training_step_equals_PyTorchs(LczArchitecture architecture, string optimizerName)
    {
        string python = PythonPeer.Require("torch", "numpy");
        OptimizerOptions optimizer = optimizerName == "adam" ? OptimizerOptions.KerasAdam(0.01) : OptimizerOptions.KerasNadam(0.01);
        // Weights exact in float32 (the loss keeps them so), with exact sums: both sides weigh the same numbers.
        float[] classWeights = Enumerable.Range(0, 17).Select(c => 0.5f + 0.25f * (c % 5)).ToArray();
        var loss = new LossOptions { ClassWeights = classWeights, WeightReduction = ClassWeightReduction.WeightedMean };

        using LczModel model = LczModels.Create(architecture, new LczModelOptions { Seed = 31, DropoutRate = 0 });
        ModelTestData.RandomizeBatchNorm(model, 32);
        model.to(ScalarType.Float64);
        float[] x;
        using (Tensor input = ModelTestData.Input(8, model.Options.Bands, model.Options.PatchSize, 33)) x = input.data<float>().ToArray();
        int[] labels = { 0, 3, 3, 7, 12, 16, 9, 10 };
        Dictionary<string, double[]> before = TrainerStep.State(model);

        PyTorchTrainingStep.Result theirs = PyTorchTrainingStep.Run(python, model, x, labels, optimizer, loss);
        TrainerStep.Result ours = TrainerStep.Run(model, x, labels, optimizer, loss);

        TrainerStep.AssertEqual($"{architecture} {optimizerName}", theirs, ours, before, optimizer.LearningRate);
    }
}
