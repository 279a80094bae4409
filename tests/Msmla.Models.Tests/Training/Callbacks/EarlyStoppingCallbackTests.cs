using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Msmla.Models.Training;
using Msmla.Models.Training.Callbacks;

namespace Msmla.Models.Tests.Training.Callbacks;

/// <summary>
/// The early-stopping callback against Keras' EarlyStopping (tf.keras 2.x / Keras 3, transcribed below), with
/// restore_best_weights, as a replacement for the built-in and across a resume.
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class EarlyStoppingCallbackTests
{
    // A logged score that peaks in epoch 2: with patience 2, Keras stops after epoch 4 and its best epoch is 2.
    private static readonly double[] Scores = { 0.5, 0.9, 0.7, 0.6, 0.95, 0.99 };

    private static TrainerOptions Options(int epochs, bool restore, string? directory = null) => TinyTraining.Options(epochs) with
    {
        EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.Logged("score", MonitorMode.Max), Patience = 2, RestoreBestWeights = restore },
        Checkpoint = directory == null ? null : new CheckpointOptions { Directory = directory, BestMonitor = TrainingMonitor.TrainingLoss },
    };

    private static ITrainingCallback[] ScoreLogger() => new ITrainingCallback[] { new ReduceLearningRateOnPlateauTests.SequenceLogger("score", Scores) };

    [Fact]
    public void The_keras_rule_decides_the_stop()
    {
        (int stopped, int best) = KerasEarlyStopping(Scores, patience: 2, minDelta: 0, higherIsBetter: true);
        Assert.Equal((4, 2), (stopped, best));
        using LczModel model = TinyTraining.Model();
        TrainingHistory history = new LczTrainer(model, Options(Scores.Length, restore: false), callbacks: ScoreLogger()).Fit(TinyTraining.Training());
        Assert.Equal(stopped, history.Epochs.Count);
        Assert.Equal(TrainingStopReason.EarlyStopped, history.StopReason);
        Assert.Equal(new TrainingStopDecision(4, nameof(EarlyStopping), "score (Max) has not improved for 2 epochs (best 0.9 in epoch 2)"), history.StopDecision);
        Assert.Equal(best, history.BestEpoch);
    }

    [Fact]
    public void RestoreBestWeights_puts_back_the_weights_at_the_end_of_the_best_epoch()
    {
        var training = TinyTraining.Training();
        using LczModel restored = TinyTraining.Model();
        TrainingHistory history = new LczTrainer(restored, Options(Scores.Length, restore: true), callbacks: ScoreLogger()).Fit(training);
        Assert.Equal(4, history.Epochs.Count);
        Assert.EndsWith("; restored the weights of epoch 2", history.StopDecision!.Reason, StringComparison.Ordinal);

        // The reference: the same run cut after epoch 2 (the run is seeded per epoch, so its first epochs are the same).
        using LczModel twoEpochs = TinyTraining.Model();
        new LczTrainer(twoEpochs, TinyTraining.Options(2)).Fit(training);
        Assert.Equal(TinyTraining.State(twoEpochs), TinyTraining.State(restored));
        // Without restoring, the run keeps the weights of its last epoch, which differ.
        using LczModel kept = TinyTraining.Model();
        new LczTrainer(kept, Options(Scores.Length, restore: false), callbacks: ScoreLogger()).Fit(training);
        Assert.NotEqual(TinyTraining.State(twoEpochs), TinyTraining.State(kept));
    }

    [Fact]
    public void RestoreBestWeights_survives_a_kill_and_resume()
    {
        var training = TinyTraining.Training();
        using var straightDirectory = TinyTraining.Directory();
        using var resumedDirectory = TinyTraining.Directory();
        using LczModel straight = TinyTraining.Model();
        new LczTrainer(straight, Options(Scores.Length, true, straightDirectory.Path), callbacks: ScoreLogger()).Fit(training);

        // Cancelled in epoch 3, after the best epoch (2): its weights must come back from the checkpoint.
        using var cancel = new CancellationTokenSource();
        var progress = new TinyTraining.SyncProgress<TrainingProgress>(p =>
        {
            if (p is TrainingBatchProgress { Epoch: 3, Batch: 4 }) cancel.Cancel();
        });
        using (LczModel first = TinyTraining.Model())
            Assert.Equal(TrainingStopReason.Cancelled, new LczTrainer(first, Options(Scores.Length, true, resumedDirectory.Path), callbacks: ScoreLogger()).Fit(training, null, progress, cancel.Token).StopReason);
        using LczModel resumed = TinyTraining.Model(seed: 77);
        TrainingHistory history = new LczTrainer(resumed, Options(Scores.Length, true, resumedDirectory.Path), callbacks: ScoreLogger()).Resume(resumedDirectory.Path, training);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(TinyTraining.State(straight), TinyTraining.State(resumed));
    }

    [Fact]
    public void Your_instance_replaces_the_built_in_or_joins_it()
    {
        // Replaced: no early stopping in the options, an instance of yours in the callbacks (no later epoch can beat the
        // first by 100, so patience 2 stops after epoch 3).
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(10) with { EarlyStopping = null };
        var own = new EarlyStopping(new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationLoss, Patience = 2, MinDelta = 100 });
        TrainingHistory replaced = new LczTrainer(model, options, callbacks: new[] { own }).Fit(TinyTraining.Training(), TinyTraining.Validation());
        Assert.Equal(3, replaced.Epochs.Count);
        Assert.Equal(3, own.StoppedEpoch);
        Assert.Equal((1, 0.0 + replaced.Epochs[0].ValidationLoss!.Value), (own.State.BestEpoch, own.State.Best!.Value));
        Assert.Equal(nameof(EarlyStopping), replaced.StopDecision!.DecidedBy);

        // Joined: the built-in watches the validation loss with patience 5, yours gives up after 1 epoch; yours, run
        // first, decides after epoch 2 and the history says so.
        using LczModel joinedModel = TinyTraining.Model();
        TrainerOptions joinedOptions = TinyTraining.Options(10) with { EarlyStopping = new EarlyStoppingOptions { Patience = 5 } };
        var impatient = new EarlyStopping(new EarlyStoppingOptions { Monitor = TrainingMonitor.TrainingLoss, Patience = 1, MinDelta = 100 });
        TrainingHistory joined = new LczTrainer(joinedModel, joinedOptions, callbacks: new[] { impatient }).Fit(TinyTraining.Training(), TinyTraining.Validation());
        Assert.Equal(2, joined.Epochs.Count);
        Assert.StartsWith("TrainingLoss has not improved for 1 epochs", joined.StopDecision!.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Keras' EarlyStopping.on_epoch_end (tf.keras 2.x, Keras 3; no baseline), transcribed: the 1-based epoch after which
    /// it stops (0 = never) and the 1-based best epoch.
    /// </summary>
    private static (int Stopped, int Best) KerasEarlyStopping(IReadOnlyList<double> values, int patience, double minDelta, bool higherIsBetter)
    {
        double best = higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        int wait = 0, bestEpoch = 0;
        for (int epoch = 0; epoch < values.Count; epoch++)
        {
            double current = values[epoch];
            wait++;
            bool improved = higherIsBetter ? current - minDelta > best : current + minDelta < best;
            if (improved)
            {
                best = current;
                bestEpoch = epoch + 1;
                wait = 0;
            }
            if (wait >= patience && epoch > 0) return (epoch + 1, bestEpoch);
        }
        return (0, bestEpoch);
    }
}
