using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Training;

namespace Msmla.Models.Tests.Training;

/// <summary>Learning rates at given steps and epochs against the formulas, computed independently here.</summary>
[Collection(TrainerCollection.Name)]
public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(31L)]
    [InlineData(1000L)]
    [InlineData(123456L)]
    public void Keras_inverse_time_decay_is_lr_over_one_plus_decay_times_step(long step)
    {
        var schedule = new LearningRateSchedule(LearningRateScheduleOptions.KerasInverseTimeDecay(0.004), 0.002, 100);
        // Keras 2: lr_t = lr * (1 / (1 + decay * iterations)), iterations counted before the update.
        double expected = 0.002 * (1.0 / (1.0 + 0.004 * step));
        Assert.Equal(expected, schedule.LearningRateAt(step, epoch: 7), 15);
    }

    [Fact]
    public void Step_decay_halves_every_five_epochs()
    {
        var schedule = new LearningRateSchedule(LearningRateScheduleOptions.StepDecay(0.5, 5), 0.002, 100);
        double[] expected = { 0.002, 0.002, 0.002, 0.002, 0.002, 0.001, 0.001, 0.001, 0.001, 0.001, 0.0005 };
        for (int epoch = 0; epoch < expected.Length; epoch++) Assert.Equal(expected[epoch], schedule.LearningRateAt(epoch * 100, epoch), 15);
        Assert.Equal(0.002 / 1024, schedule.LearningRateAt(0, 52), 15);
    }

    [Fact]
    public void Cosine_follows_half_a_cosine_to_the_minimum_and_stays_there()
    {
        var schedule = new LearningRateSchedule(LearningRateScheduleOptions.Cosine(epochs: 10, minLearningRate: 1e-5), 1e-3, 100);
        Assert.Equal(1e-3, schedule.LearningRateAt(0, 0), 15);
        Assert.Equal((1e-3 + 1e-5) / 2, schedule.LearningRateAt(0, 5), 15);
        Assert.Equal(1e-5 + (1e-3 - 1e-5) * (1 + Math.Cos(Math.PI * 0.3)) / 2, schedule.LearningRateAt(0, 3), 15);
        Assert.Equal(1e-5, schedule.LearningRateAt(0, 10), 15);
        Assert.Equal(1e-5, schedule.LearningRateAt(0, 40), 15);
        // Without a period the run's epoch count is the period.
        Assert.Equal(0.5, new LearningRateSchedule(LearningRateScheduleOptions.Cosine(), 1.0, 20).LearningRateAt(0, 10), 15);
    }

    [Fact]
    public void The_trainer_records_the_scheduled_rate_of_the_last_update_of_each_epoch()
    {
        var training = TinyTraining.Training();
        const double lr = 0.01, decay = 0.05;
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(3) with { Schedule = LearningRateScheduleOptions.KerasInverseTimeDecay(decay) };
        TrainingHistory history = new LczTrainer(model, options).Fit(training);
        for (int e = 1; e <= 3; e++)
        {
            long lastStep = 9L * e - 1; // 9 batches per epoch
            Assert.Equal(lr / (1 + decay * lastStep), history.Epochs[e - 1].LearningRate, 15);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_updates_learning_rate_reaches_the_optimizer(bool channelsLast)
    {
        // One full batch per epoch, SGD without momentum, no dropout: w1 = w0 - lr g(w0), w2 = w1 - lr/2 g(w1).
        var training = TinyTraining.Training();
        const double lr = 0.5;
        using LczModel model = TinyTraining.Model(dropout: 0);
        using LczModel reference = TinyTraining.Model(dropout: 0);
        var options = TinyTraining.Options(2) with
        {
            BatchSize = (int)training.Info.Count,
            Optimizer = OptimizerOptions.Sgd(lr, momentum: 0),
            Schedule = LearningRateScheduleOptions.StepDecay(0.5, 1),
            ChannelsLast = channelsLast,
        };
        new LczTrainer(model, options).Fit(training);
        Assert.Equal(channelsLast, model.IsChannelsLast);
        if (channelsLast) reference.UseChannelsLast(); // the same kernels, the same rounding

        using (var batch = training.ReadBatches(new Msmla.Core.Data.BatchOptions { BatchSize = (int)training.Info.Count }).Single())
        using (TorchSharp.torch.Tensor x = batch.ToTensor())
        using (TorchSharp.torch.Tensor y = batch.LabelsToTensor())
        {
            reference.train();
            foreach (double rate in new[] { lr, lr / 2 })
            {
                reference.zero_grad();
                using (TorchSharp.torch.Tensor loss = TorchSharp.torch.nn.functional.cross_entropy(reference.call(x), y)) loss.backward();
                using (TorchSharp.torch.no_grad())
                {
                    foreach (var p in reference.parameters()) p.sub_(p.grad! * rate);
                }
            }
        }
        var trained = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in reference.named_parameters())
            Assert.True(p.allclose(trained[name], rtol: 1e-4, atol: 1e-6), $"{name} differs from two SGD steps with rates {lr} and {lr / 2}");
    }
}
