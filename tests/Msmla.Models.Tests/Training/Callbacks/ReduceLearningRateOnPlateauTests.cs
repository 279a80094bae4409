using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Models.Training;
using Msmla.Models.Training.Callbacks;

namespace Msmla.Models.Tests.Training.Callbacks;

/// <summary>Reduce-on-plateau against Keras' ReduceLROnPlateau, transcribed here: alone, in a run, and across a checkpoint.</summary>
[Collection(TrainerCollection.Name)]
public sealed class ReduceLearningRateOnPlateauTests
{
    [Fact]
    public void Each_step_follows_Keras_ReduceLROnPlateau()
    {
        double[] losses = { 1.0, 0.9, 0.95, 0.92, 0.91, 0.85, 0.86, 0.87, 0.88, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85 };
        var callback = new ReduceLearningRateOnPlateau(LearningRateScheduleOptions.ReduceOnPlateau(factor: 0.5, patience: 2, minDelta: 0.02, cooldown: 1, minLearningRate: 0.01));
        double[] expected = KerasReduceLrOnPlateau(losses, 0.1, factor: 0.5, patience: 2, minDelta: 0.02, cooldown: 1, minLr: 0.01);
        double rate = 0.1;
        for (int e = 0; e < losses.Length; e++)
        {
            rate = callback.Step(losses[e], rate) ?? rate;
            Assert.Equal(expected[e], rate, 15);
        }
        Assert.Contains(expected, lr => lr < 0.1);
        Assert.Equal(0.01, expected[^1], 15);
    }

    [Fact]
    public void Its_state_restores()
    {
        var options = LearningRateScheduleOptions.ReduceOnPlateau(factor: 0.5, patience: 2, cooldown: 1);
        var a = new ReduceLearningRateOnPlateau(options);
        foreach (double v in new[] { 1.0, 1.0 }) Assert.Null(a.Step(v, 1.0));
        var b = new ReduceLearningRateOnPlateau(options);
        b.LoadState(a.SaveState());
        // Both reduce at the third stale epoch, then wait out the cooldown alike.
        foreach (double v in new[] { 1.0, 1.0, 1.0, 1.0 }) Assert.Equal(a.Step(v, 1.0), b.Step(v, 1.0));
        Assert.Equal(a.SaveState(), b.SaveState());
        Assert.Throws<System.IO.InvalidDataException>(() => b.LoadState(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void A_run_reduces_on_a_logged_value_as_Keras_would()
    {
        // A callback logs a fixed sequence; reduce-on-plateau watches it (mode min by Keras' rule: no "acc" in the name).
        double[] values = { 1.0, 0.9, 0.95, 0.92, 0.91, 0.85, 0.86, 0.87 };
        var plateau = LearningRateScheduleOptions.ReduceOnPlateau(factor: 0.5, patience: 2, monitor: TrainingMonitor.Parse("custom_loss"), minDelta: 0.02);
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(values.Length) with { Schedule = plateau };
        TrainingHistory history = new LczTrainer(model, options, callbacks: new[] { new SequenceLogger("custom_loss", values) }).Fit(TinyTraining.Training());
        double[] expected = KerasReduceLrOnPlateau(values, 0.01, factor: 0.5, patience: 2, minDelta: 0.02, cooldown: 0, minLr: 0);
        Assert.Contains(expected, rate => rate < 0.01);
        Assert.Equal(0.01, history.Epochs[0].LearningRate, 15);
        for (int e = 1; e < values.Length; e++) Assert.Equal(expected[e - 1], history.Epochs[e].LearningRate, 15);
        Assert.Equal(values, history.Epochs.Select(r => r.Logged["custom_loss"]));
    }

    [Fact]
    public void A_run_reduces_on_a_built_in_value_as_Keras_would()
    {
        var training = TinyTraining.Training();
        using LczModel model = TinyTraining.Model();
        var plateau = LearningRateScheduleOptions.ReduceOnPlateau(factor: 0.5, patience: 1, monitor: TrainingMonitor.TrainingLoss, minDelta: 0.2);
        TrainerOptions options = TinyTraining.Options(5) with { Schedule = plateau };
        TrainingHistory history = new LczTrainer(model, options).Fit(training);
        double[] expected = KerasReduceLrOnPlateau(history.Epochs.Select(e => e.TrainingLoss).ToArray(), 0.01, factor: 0.5, patience: 1, minDelta: 0.2, cooldown: 0, minLr: 0);
        Assert.Contains(expected, rate => rate < 0.01);
        for (int e = 1; e < history.Epochs.Count; e++) Assert.Equal(expected[e - 1], history.Epochs[e].LearningRate, 15);
    }

    /// <summary>Logs the given values, one per epoch, under a name.</summary>
    internal sealed class SequenceLogger : TrainingCallback
    {
        private readonly string _name;
        private readonly double[] _values;

        public SequenceLogger(string name, double[] values)
        {
            _name = name;
            _values = values;
        }

        public override void OnEpochEnd(TrainingContext context) => context.Log(_name, _values[context.Epoch - 1]);
    }

    /// <summary>Keras' ReduceLROnPlateau.on_epoch_end (mode min), transcribed: the rate in force after each epoch.</summary>
    private static double[] KerasReduceLrOnPlateau(IReadOnlyList<double> values, double lr, double factor, int patience, double minDelta, int cooldown, double minLr)
    {
        double best = double.PositiveInfinity;
        int wait = 0, cooldownCounter = 0;
        var result = new double[values.Count];
        for (int e = 0; e < values.Count; e++)
        {
            double current = values[e];
            if (cooldownCounter > 0)
            {
                cooldownCounter--;
                wait = 0;
            }
            if (current < best - minDelta)
            {
                best = current;
                wait = 0;
            }
            else if (!(cooldownCounter > 0))
            {
                wait++;
                if (wait >= patience && lr > minLr)
                {
                    lr = Math.Max(lr * factor, minLr);
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
            result[e] = lr;
        }
        return result;
    }
}
