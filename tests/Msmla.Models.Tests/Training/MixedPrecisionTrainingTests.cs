using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data.Statistics;
using Msmla.Data.Synthetic;
using Msmla.Data.Transforms;
using Msmla.Models.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// bfloat16 mixed-precision training against float32 training of the same model on the same batches (float32 training is
/// checked against PyTorch in float64 elsewhere): the update of one SGD step points the same way, the master weights stay
/// float32, BatchNorm statistics follow the batches, and a short run learns as well.
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class MixedPrecisionTrainingTests
{
    private readonly ITestOutputHelper _output;

    public MixedPrecisionTrainingTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    public void One_step_updates_the_float32_master_weights_like_float32_training(LczArchitecture architecture)
    {
        var sample = new SyntheticLczOptions { Seed = 3, PatchSize = 16 };
        ArrayPatchSource raw = SyntheticLczSample.CreateSource(sample, 32);
        IPatchSource data = raw.Normalize(BandStatistics.Compute(raw).ToNormalization());
        var options = new TrainerOptions
        {
            Epochs = 1, BatchSize = 32, Seed = 1, Device = ComputeDevice.Cpu, Prefetch = 0, Shuffle = false,
            Optimizer = OptimizerOptions.Sgd(0.1, momentum: 0), Checkpoint = null, Threads = TorchThreads.Fixed(1),
        };
        var modelOptions = new LczModelOptions { PatchSize = 16, Seed = 9, DropoutRate = 0 };

        (Dictionary<string, float[]> before, Dictionary<string, float[]> single) = OneStep(architecture, modelOptions, options, data);
        (_, Dictionary<string, float[]> mixed) = OneStep(architecture, modelOptions, options with { Precision = TrainingPrecision.BFloat16Mixed }, data);

        // The weights' updates (after - before), as one vector: bfloat16's 8-bit mantissa moves each gradient a little,
        // not its direction.
        var names = before.Keys.Where(k => !k.Contains("running_", StringComparison.Ordinal) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToArray();
        double dot = 0, a2 = 0, b2 = 0;
        foreach (string name in names)
        {
            for (int i = 0; i < before[name].Length; i++)
            {
                double a = single[name][i] - before[name][i], b = mixed[name][i] - before[name][i];
                dot += a * b; a2 += a * a; b2 += b * b;
            }
        }
        double cosine = dot / Math.Sqrt(a2 * b2), ratio = Math.Sqrt(b2 / a2);
        _output.WriteLine($"{architecture}: cosine {cosine:0.0000}, norm ratio {ratio:0.0000}");
        Assert.True(a2 > 0, "float32 training did not move the weights");
        // MSMLA-18 keeps the direction to 0.997; Sen2LCZ-Net-MF, 16 convolutions each followed by BatchNorm, whose backward
        // subtracts means of bfloat16 gradients, to about 0.87 in its early layers (its heads and classifier to 0.999).
        Assert.True(cosine > (architecture == LczArchitecture.Msmla18 ? 0.99 : 0.8), $"the mixed-precision update has cosine {cosine:0.0000} with the float32 update");
        Assert.True(Cosine(before, single, mixed, architecture == LczArchitecture.Msmla18 ? "fc.weight" : "classifier.weight") > 0.99, "the classifier's update differs from float32's");
        Assert.InRange(ratio, 0.95, 1.05);
        // ... and it is not the float32 update itself: the step did run in bfloat16.
        Assert.True(names.Any(n => !single[n].SequenceEqual(mixed[n])), "the mixed-precision step gave exactly the float32 weights");

        // BatchNorm statistics were updated by the step (from the working copy) and are close to float32's.
        foreach (string name in before.Keys.Where(k => k.EndsWith("running_mean", StringComparison.Ordinal)))
        {
            Assert.False(before[name].SequenceEqual(mixed[name]), $"{name} was not updated");
            for (int i = 0; i < mixed[name].Length; i++)
                Assert.True(Math.Abs(mixed[name][i] - single[name][i]) <= 0.02 + 0.02 * Math.Abs(single[name][i]), $"{name}[{i}]: {mixed[name][i]} mixed, {single[name][i]} float32");
        }
    }

    [Fact]
    public void Msmla18_learns_the_synthetic_sample_in_mixed_precision_and_keeps_float32_weights()
    {
        var sample = new SyntheticLczOptions { Seed = 7, PatchSize = 16 };
        ArrayPatchSource rawTraining = SyntheticLczSample.CreateSource(sample, 340);
        ArrayPatchSource rawValidation = SyntheticLczSample.CreateSource(sample, 102, firstIndex: 340);
        ArrayPatchSource rawTest = SyntheticLczSample.CreateSource(sample, 102, firstIndex: 442);
        NormalizationOptions normalization = BandStatistics.Compute(rawTraining).ToNormalization();
        using LczModel model = LczModels.Create(LczArchitecture.Msmla18, new LczModelOptions { PatchSize = 16, Seed = 1, BatchNormMomentum = 0.9 });
        TrainerOptions options = TrainingRecipes.MsmlaAsDescribed().Trainer with
        {
            Epochs = 6, BatchSize = 16, Device = ComputeDevice.Cpu, Checkpoint = null, Precision = TrainingPrecision.BFloat16Mixed,
        };
        var trainer = new LczTrainer(model, options);
        TrainingHistory history = trainer.Fit(rawTraining.Normalize(normalization), rawValidation.Normalize(normalization));
        EvaluationResult result = trainer.Evaluate(rawTest.Normalize(normalization));
        _output.WriteLine($"loss {history.Epochs[0].TrainingLoss:0.000} -> {history.Epochs[^1].TrainingLoss:0.000}; held-out {result.Metrics}");
        Assert.True(history.Epochs[^1].TrainingLoss < history.Epochs[0].TrainingLoss, "the training loss must fall");
        Assert.True(result.Metrics.MicroAccuracy > 0.5, $"held-out OA {result.Metrics.MicroAccuracy:0.000} is not clearly above chance (1/17 = 0.059)");
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    private static double Cosine(Dictionary<string, float[]> before, Dictionary<string, float[]> single, Dictionary<string, float[]> mixed, string name)
    {
        double dot = 0, a2 = 0, b2 = 0;
        for (int i = 0; i < before[name].Length; i++)
        {
            double a = single[name][i] - before[name][i], b = mixed[name][i] - before[name][i];
            dot += a * b; a2 += a * a; b2 += b * b;
        }
        return dot / Math.Sqrt(a2 * b2);
    }

    private static (Dictionary<string, float[]> Before, Dictionary<string, float[]> After) OneStep(
        LczArchitecture architecture, LczModelOptions modelOptions, TrainerOptions options, IPatchSource data)
    {
        using LczModel model = LczModels.Create(architecture, modelOptions);
        Dictionary<string, float[]> before = State(model);
        new LczTrainer(model, options).Fit(data);
        return (before, State(model));
    }

    private static Dictionary<string, float[]> State(LczModel model) =>
        model.state_dict().Where(e => e.Value.dtype == ScalarType.Float32).ToDictionary(e => e.Key, e =>
        {
            using Tensor copy = e.Value.detach().cpu().contiguous();
            return copy.data<float>().ToArray();
        });
}
