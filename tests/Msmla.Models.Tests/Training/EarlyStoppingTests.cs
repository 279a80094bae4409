using System.Linq;
using Msmla.Models.Training;

namespace Msmla.Models.Tests.Training;

/// <summary>Early stopping follows Keras' rule: stop after Patience epochs in a row that do not beat the best by more than MinDelta.</summary>
[Collection(TrainerCollection.Name)]
public sealed class EarlyStoppingTests
{
    [Fact]
    public void Tracker_counts_epochs_without_improvement_beyond_min_delta()
    {
        var tracker = new MonitorTracker(TrainingMonitor.ValidationLoss, minDelta: 0.05);
        (double value, bool improves, int wait)[] steps =
        {
            (1.0, true, 0), (0.97, false, 1), (0.94, true, 0), (0.93, false, 1), (0.95, false, 2), (double.NaN, false, 3), (0.5, true, 0),
        };
        for (int e = 0; e < steps.Length; e++)
        {
            Assert.Equal(steps[e].improves, tracker.Update(e + 1, steps[e].value));
            Assert.Equal(steps[e].wait, tracker.EpochsWithoutImprovement);
        }
        Assert.Equal((0.5, 7), (tracker.Best!.Value, tracker.BestEpoch));
    }

    [Fact]
    public void Accuracy_improves_upwards()
    {
        var tracker = new MonitorTracker(TrainingMonitor.ValidationAccuracy);
        Assert.True(tracker.Update(1, 0.5));
        Assert.False(tracker.Update(2, 0.4));
        Assert.False(tracker.Update(3, 0.5));
        Assert.True(tracker.Update(4, 0.51));
        Assert.Equal(4, tracker.BestEpoch);
    }

    [Fact]
    public void The_trainer_stops_after_patience_epochs_without_improvement()
    {
        // No later epoch can beat the first by 100, so epochs 2 and 3 fail and the run stops after epoch 3 of 10.
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(10) with
        {
            EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationLoss, Patience = 2, MinDelta = 100 },
        };
        TrainingHistory history = new LczTrainer(model, options).Fit(TinyTraining.Training(), TinyTraining.Validation());
        Assert.Equal(TrainingStopReason.EarlyStopped, history.StopReason);
        Assert.Equal(new[] { 1, 2, 3 }, history.Epochs.Select(e => e.Epoch));
        // The best epoch follows the checkpoint monitor (validation loss, no minimum delta).
        Assert.Equal(history.Epochs.MinBy(e => e.ValidationLoss)!.Epoch, history.BestEpoch);
    }

    [Fact]
    public void The_trainer_runs_on_while_the_monitor_improves()
    {
        // Full-batch gradient descent with a small step lowers the training loss every epoch: patience 1 never triggers.
        using LczModel model = TinyTraining.Model(dropout: 0);
        TrainerOptions options = TinyTraining.Options(4) with
        {
            BatchSize = 68,
            Optimizer = OptimizerOptions.Sgd(0.05, momentum: 0),
            EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.TrainingLoss, Patience = 1 },
        };
        TrainingHistory history = new LczTrainer(model, options).Fit(TinyTraining.Training());
        Assert.Equal(TrainingStopReason.Completed, history.StopReason);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(TrainingMonitor.TrainingLoss, history.BestMonitor);
        Assert.Equal(4, history.BestEpoch);
    }
}
