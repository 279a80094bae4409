using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Metrics;
using Msmla.Core.Runtime;
using Msmla.Models.Inference;
using Msmla.Models.Training;
using Xunit.Abstractions;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// The proof of the issue: MSMLA-18 and Sen2LCZ-Net-MF trained from scratch on the learnable sample reach an overall
/// accuracy far above chance (1/17) on held-out patches, and Evaluate agrees with Predict.
/// </summary>
public sealed class LczTrainerEndToEndTests
{
    /// <summary>
    /// 16 x 16 patches; BatchNorm momentum 0.9 (Keras sense) because a run of a few hundred updates leaves Keras' 0.99
    /// running statistics far from the data's, which only hurts eval-mode accuracy of such short runs.
    /// </summary>
    private static readonly LczModelOptions ShortRun = new() { PatchSize = 16, Seed = 1, BatchNormMomentum = 0.9 };

    private readonly ITestOutputHelper _output;

    public LczTrainerEndToEndTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Msmla18_learns_the_sample_far_above_chance()
    {
        ArrayPatchSource training = LearnablePatches.Create(perClass: 16, split: 0);
        ArrayPatchSource validation = LearnablePatches.Create(perClass: 6, split: 1);
        ArrayPatchSource test = LearnablePatches.Create(perClass: 6, split: 2);
        using LczModel model = LczModels.Create(LczArchitecture.Msmla18, ShortRun);
        TrainerOptions options = TrainingRecipes.MsmlaAsDescribed().Trainer with { Epochs = 8, BatchSize = 16, Device = ComputeDevice.Cpu, Checkpoint = null };

        Fit(model, options, training, validation, test);
    }

    [Fact]
    public void Sen2LczNetMf_learns_the_sample_far_above_chance_with_the_probability_loss()
    {
        ArrayPatchSource training = LearnablePatches.Create(perClass: 16, split: 0);
        ArrayPatchSource validation = LearnablePatches.Create(perClass: 6, split: 1);
        ArrayPatchSource test = LearnablePatches.Create(perClass: 6, split: 2);
        using LczModel model = LczModels.Create(LczArchitecture.Sen2LczNetMf, ShortRun);
        Assert.Equal(ModelOutputKind.Probabilities, model.OutputKind);
        TrainerOptions options = TrainingRecipes.Sen2LczNet().Trainer with { Epochs = 8, BatchSize = 16, Device = ComputeDevice.Cpu, Checkpoint = null };

        Fit(model, options, training, validation, test);
    }

    private void Fit(LczModel model, TrainerOptions options, IPatchSource training, IPatchSource validation, ArrayPatchSource test)
    {
        var trainer = new LczTrainer(model, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TrainingHistory history = trainer.Fit(training, validation);
        _output.WriteLine($"{model.Info.Name}: {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (EpochRecord e in history.Epochs)
            _output.WriteLine($"epoch {e.Epoch}: loss {e.TrainingLoss:0.000} acc {e.TrainingAccuracy:0.000} val_loss {e.ValidationLoss:0.000} OA {e.ValidationAccuracy:0.000}");

        Assert.Equal(TrainingStopReason.Completed, history.StopReason);
        Assert.Equal(options.Epochs, history.Epochs.Count);
        Assert.True(history.Epochs[^1].TrainingLoss < history.Epochs[0].TrainingLoss, "the training loss must fall");

        EvaluationResult result = trainer.Evaluate(test);
        _output.WriteLine($"held-out: loss {result.Loss:0.000} {result.Metrics}");
        Assert.Equal(test.Info.Count, result.Samples);
        Assert.True(result.Metrics.MicroAccuracy > 0.5, $"held-out OA {result.Metrics.MicroAccuracy:0.000} is not clearly above chance (1/17 = 0.059)");

        // Predict (the predictor: its own BatchNorm-folded copy) must agree with Evaluate's confusion matrix.
        PredictionResult prediction = trainer.Predict(test);
        Assert.Equal(test.Info.Count, prediction.Count);
        var truth = test.Labels!.ToArray();
        var fromPredict = new ConfusionMatrix(17);
        fromPredict.Add(truth, prediction.LabelsToArray());
        long disagreements = Math.Abs(fromPredict.Correct - result.ConfusionMatrix.Correct);
        Assert.True(disagreements <= 1, $"Predict gets {fromPredict.Correct} right, Evaluate {result.ConfusionMatrix.Correct}");
        for (int i = 0; i < prediction.Count; i++)
            Assert.Equal(1.0, prediction.ProbabilitiesOf(i).ToArray().Sum(p => (double)p), 4);
    }
}
