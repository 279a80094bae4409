using System;
using System.IO;
using System.Linq;
using System.Threading;
using Msmla.Models.Training;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// Cancelled and resumed runs against the uninterrupted run: same history (timings aside) and bit-identical weights on
/// the CPU. In the non-parallel collection because the runs reseed TorchSharp's global generator.
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class LczTrainerResumeTests
{
    public enum CancelPoint
    {
        MidEpoch,
        DuringValidation,
        AtEpochBoundary,
    }

    [Theory]
    [InlineData(CancelPoint.MidEpoch, false)]
    [InlineData(CancelPoint.MidEpoch, true)]
    [InlineData(CancelPoint.DuringValidation, false)]
    [InlineData(CancelPoint.AtEpochBoundary, false)]
    public void Cancel_then_resume_equals_the_uninterrupted_run(CancelPoint point, bool channelsLast)
    {
        TrainerOptions options(string directory) => TinyTraining.Options(3, directory) with { ChannelsLast = channelsLast };
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using var straightDirectory = TinyTraining.Directory();
        using var resumedDirectory = TinyTraining.Directory();

        using LczModel straightModel = TinyTraining.Model();
        TrainingHistory straight = new LczTrainer(straightModel, options(straightDirectory.Path)).Fit(training, validation);
        Assert.Equal(TrainingStopReason.Completed, straight.StopReason);

        using var cancel = new CancellationTokenSource();
        var progress = new TinyTraining.SyncProgress<TrainingProgress>(p =>
        {
            bool stop = point switch
            {
                CancelPoint.MidEpoch => p is TrainingBatchProgress { Epoch: 2, Batch: 4 },
                CancelPoint.DuringValidation => p is ValidationBatchProgress { Epoch: 2, Batch: 2 },
                _ => p is EpochEndProgress { Epoch: 1 },
            };
            if (stop) cancel.Cancel();
        });
        using (LczModel first = TinyTraining.Model())
        {
            TrainingHistory cancelled = new LczTrainer(first, options(resumedDirectory.Path)).Fit(training, validation, progress, cancel.Token);
            Assert.Equal(TrainingStopReason.Cancelled, cancelled.StopReason);
            Assert.Single(cancelled.Epochs);
        }

        TrainingCheckpointInfo info = LczTrainer.ReadCheckpoint(resumedDirectory.Path);
        Assert.Equal(1, info.CompletedEpochs);
        Assert.Equal(point switch { CancelPoint.MidEpoch => 4, CancelPoint.DuringValidation => 9, _ => 0 }, info.BatchesDone);
        Assert.Equal(point switch { CancelPoint.MidEpoch => 13, CancelPoint.DuringValidation => 18, _ => 9 }, info.Step);

        // A different initialisation proves the weights come from the checkpoint.
        using LczModel resumedModel = TinyTraining.Model(seed: 99);
        TrainingHistory resumed = new LczTrainer(resumedModel, options(resumedDirectory.Path)).Resume(resumedDirectory.Path, training, validation);

        Assert.Equal(TrainingStopReason.Completed, resumed.StopReason);
        Assert.Equal(straight.Epochs.Select(TinyTraining.WithoutTimings), resumed.Epochs.Select(TinyTraining.WithoutTimings));
        Assert.Equal(straight.BestEpoch, resumed.BestEpoch);
        Assert.Equal(TinyTraining.State(straightModel), TinyTraining.State(resumedModel));
        // The checkpoints written after the resume equal the uninterrupted run's too.
        using LczModel fromStraight = TinyTraining.Model();
        using LczModel fromResumed = TinyTraining.Model();
        LczTrainer.LoadWeights(Path.Combine(straightDirectory.Path, "best.ckpt"), fromStraight);
        LczTrainer.LoadWeights(Path.Combine(resumedDirectory.Path, "best.ckpt"), fromResumed);
        Assert.Equal(TinyTraining.State(fromStraight), TinyTraining.State(fromResumed));
    }

    [Fact]
    public void A_finished_run_resumed_with_more_epochs_equals_the_longer_run()
    {
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using var longDirectory = TinyTraining.Directory();
        using var shortDirectory = TinyTraining.Directory();
        using LczModel longModel = TinyTraining.Model();
        TrainingHistory longRun = new LczTrainer(longModel, TinyTraining.Options(3, longDirectory.Path)).Fit(training, validation);

        using LczModel model = TinyTraining.Model();
        TrainingHistory shortRun = new LczTrainer(model, TinyTraining.Options(2, shortDirectory.Path)).Fit(training, validation);
        Assert.Equal(TrainingStopReason.Completed, shortRun.StopReason);
        Assert.Equal(2, shortRun.Epochs.Count);
        TrainingHistory extended = new LczTrainer(model, TinyTraining.Options(3, shortDirectory.Path)).Resume(shortDirectory.Path, training, validation);

        Assert.Equal(longRun.Epochs.Select(TinyTraining.WithoutTimings), extended.Epochs.Select(TinyTraining.WithoutTimings));
        Assert.Equal(TinyTraining.State(longModel), TinyTraining.State(model));
    }

    [Fact]
    public void Same_seed_gives_the_same_history_and_weights_and_another_seed_does_not()
    {
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using LczModel a = TinyTraining.Model();
        using LczModel b = TinyTraining.Model();
        using LczModel c = TinyTraining.Model();
        TrainingHistory first = new LczTrainer(a, TinyTraining.Options(2)).Fit(training, validation);
        TrainingHistory second = new LczTrainer(b, TinyTraining.Options(2)).Fit(training, validation);
        TrainingHistory other = new LczTrainer(c, TinyTraining.Options(2) with { Seed = 6 }).Fit(training, validation);

        Assert.Equal(first.Epochs.Select(TinyTraining.WithoutTimings), second.Epochs.Select(TinyTraining.WithoutTimings));
        Assert.Equal(TinyTraining.State(a), TinyTraining.State(b));
        Assert.NotEqual(first.Epochs[0].TrainingLoss, other.Epochs[0].TrainingLoss);
        Assert.NotEqual(TinyTraining.State(a), TinyTraining.State(c));
    }

    [Fact]
    public void Periodic_mid_epoch_checkpoints_resume_exactly_after_a_crash()
    {
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using var straightDirectory = TinyTraining.Directory();
        using var crashDirectory = TinyTraining.Directory();
        TrainerOptions options(string directory) => TinyTraining.Options(2, directory) with
        {
            Checkpoint = new CheckpointOptions { Directory = directory, LastEveryBatches = 3 },
        };
        using LczModel straightModel = TinyTraining.Model();
        TrainingHistory straight = new LczTrainer(straightModel, options(straightDirectory.Path)).Fit(training, validation);

        // A "crash" in epoch 2 after batch 7: the last periodic checkpoint is after batch 6.
        using (LczModel crashed = TinyTraining.Model())
        {
            var crash = new TinyTraining.SyncProgress<TrainingProgress>(p =>
            {
                if (p is TrainingBatchProgress { Epoch: 2, Batch: 7 }) throw new SimulatedCrash();
            });
            Assert.Throws<SimulatedCrash>(() => new LczTrainer(crashed, options(crashDirectory.Path)).Fit(training, validation, crash));
        }
        Assert.Equal(6, LczTrainer.ReadCheckpoint(crashDirectory.Path).BatchesDone);

        using LczModel resumedModel = TinyTraining.Model(seed: 42);
        TrainingHistory resumed = new LczTrainer(resumedModel, options(crashDirectory.Path)).Resume(crashDirectory.Path, training, validation);
        Assert.Equal(straight.Epochs.Select(TinyTraining.WithoutTimings), resumed.Epochs.Select(TinyTraining.WithoutTimings));
        Assert.Equal(TinyTraining.State(straightModel), TinyTraining.State(resumedModel));
    }

    private sealed class SimulatedCrash : Exception
    {
    }
}
