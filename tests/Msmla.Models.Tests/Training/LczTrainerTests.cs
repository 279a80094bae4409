using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Runtime;
using Msmla.Data.Synthetic;
using Msmla.Models.Training;
using Msmla.Models.Training.Callbacks;
using Msmla.Tests.Shared;
using TorchSharp;

namespace Msmla.Models.Tests.Training;

/// <summary>The trainer's contract: progress, logging, cancellation, evaluation and the checks on its input.</summary>
[Collection(TrainerCollection.Name)]
public sealed class LczTrainerTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void On_the_CPU_the_trainer_trains_channels_last_unless_told_not_to(bool? option, bool expected)
    {
        using LczModel model = TinyTraining.Model();
        Assert.False(model.IsChannelsLast);
        new LczTrainer(model, TinyTraining.Options(1) with { ChannelsLast = option }).Fit(TinyTraining.Training());
        Assert.Equal(expected, model.IsChannelsLast);
        Assert.Equal(expected, !model.parameters().First(p => p.dim() == 4).is_contiguous());
    }

    [Fact]
    public void Progress_reports_every_phase_with_its_own_type_positions_rates_and_an_eta()
    {
        var reports = new List<TrainingProgress>();
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(2) with { ProgressEveryBatches = 4 };
        TrainingHistory history = new LczTrainer(model, options).Fit(TinyTraining.Training(), TinyTraining.Validation(),
            new TinyTraining.SyncProgress<TrainingProgress>(reports.Add));

        // 9 training batches: reports at 4, 8 and 9; 5 validation batches (34 patches of 8): at 4 and 5; then the epoch end.
        static (string, int, int) Position(TrainingProgress p) => p switch
        {
            TrainingBatchProgress t => ("training", t.Batch, t.Batches),
            ValidationBatchProgress v => ("validation", v.Batch, v.Batches),
            EpochEndProgress e => ("end", e.Epoch, e.Epochs),
            _ => (p.GetType().Name, 0, 0),
        };
        static int EpochOf(TrainingProgress p) => p switch
        {
            TrainingBatchProgress t => t.Epoch,
            ValidationBatchProgress v => v.Epoch,
            EpochEndProgress e => e.Epoch,
            _ => 0,
        };
        Assert.Equal(new[]
        {
            ("training", 4, 9), ("training", 8, 9), ("training", 9, 9), ("validation", 4, 5), ("validation", 5, 5), ("end", 1, 2),
        }, reports.Where(r => EpochOf(r) == 1).Select(Position));
        Assert.Equal(12, reports.Count);

        TrainingBatchProgress[] training = reports.OfType<TrainingBatchProgress>().ToArray();
        Assert.All(training, t => Assert.True(t.Epochs == 2 && t.SamplesPerSecond > 0 && t.Loss > 0 && t.Accuracy >= 0 && t.LearningRate == 0.01));
        Assert.All(reports.OfType<ValidationBatchProgress>(), v => Assert.True(v.Epochs == 2 && v.SamplesPerSecond > 0 && v.Loss > 0 && v.Accuracy >= 0));
        // The reported training loss and accuracy at the end of each epoch are the epoch's record values.
        EpochEndProgress[] ends = reports.OfType<EpochEndProgress>().ToArray();
        Assert.Equal(history.Epochs, ends.Select(e => e.Record));
        foreach (EpochEndProgress end in ends)
        {
            TrainingBatchProgress last = training.Last(t => t.Epoch == end.Epoch);
            Assert.Equal((end.Record.TrainingLoss, end.Record.TrainingAccuracy), (last.Loss, last.Accuracy));
        }
        Assert.Equal(new[] { false, true }, ends.Select(e => e.IsLast));
        Assert.True(ends[0].Eta > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, ends[1].Eta);
        Assert.All(training.Where(t => t.Epoch == 1), t => Assert.True(t.Eta > TimeSpan.Zero));
        Assert.True(reports.Select(r => r.Elapsed).SequenceEqual(reports.Select(r => r.Elapsed).OrderBy(t => t)));
    }

    [Fact]
    public void Balanced_class_weights_report_the_label_count_before_the_first_epoch()
    {
        var reports = new List<TrainingProgress>();
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(1) with { Loss = new LossOptions { BalancedClassWeights = true } };
        new LczTrainer(model, options).Fit(TinyTraining.Training(), null, new TinyTraining.SyncProgress<TrainingProgress>(reports.Add));
        // 68 labels are counted in batches of 256: one batch, reported before any training batch.
        Assert.IsType<PreparationProgress>(reports[0]);
        Assert.Equal(new PreparationProgress(1, 1, 1, reports[0].Elapsed), reports[0]);
        Assert.IsType<TrainingBatchProgress>(reports[1]);
    }

    [Fact]
    public void Each_epoch_logs_one_information_line_with_every_metric()
    {
        var logger = new ListLogger();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(2) with { LogEveryBatches = 3 }, logger).Fit(TinyTraining.Training(), TinyTraining.Validation());
        Assert.False(model.training);
        // Debug lines after batches 3, 6 and 9 of each epoch.
        Assert.Equal(6, logger.Entries.Count(e => e.Level == LogLevel.Debug && e.Message.Contains(" batch ", StringComparison.Ordinal)));
        string[] epochLines = logger.Entries.Where(e => e.Level == LogLevel.Information && e.Message.StartsWith("Epoch ", StringComparison.Ordinal))
            .Select(e => e.Message).ToArray();
        Assert.Equal(2, epochLines.Length);
        foreach (string part in new[] { "Epoch 1/2", "lr ", "loss ", "accuracy ", "val_loss ", "OA ", "AA ", "kappa ", "macroF1 ", "weightedF1 ", "WA ", "OA_BU ", "OA_N ", "samples/s" })
            Assert.Contains(part, epochLines[0]);
    }

    [Fact]
    public void Cancellation_without_checkpoints_stops_after_the_current_batch_and_returns_the_history()
    {
        var logger = new ListLogger();
        using var cancel = new CancellationTokenSource();
        int batchesSeen = 0;
        var progress = new TinyTraining.SyncProgress<TrainingProgress>(p =>
        {
            if (p is not TrainingBatchProgress batch) return;
            batchesSeen++;
            if (batch is { Epoch: 2, Batch: 3 }) cancel.Cancel();
        });
        using LczModel model = TinyTraining.Model();
        TrainingHistory history = new LczTrainer(model, TinyTraining.Options(3), logger).Fit(TinyTraining.Training(), TinyTraining.Validation(), progress, cancel.Token);
        Assert.Equal(TrainingStopReason.Cancelled, history.StopReason);
        Assert.Single(history.Epochs);
        Assert.Equal(12, batchesSeen);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cannot be resumed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_cancelled_before_the_start_trains_nothing()
    {
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        byte[] before = TinyTraining.State(model);
        TrainingHistory history = new LczTrainer(model, TinyTraining.Options(2, directory.Path)).Fit(TinyTraining.Training(), TinyTraining.Validation(), null, new CancellationToken(true));
        Assert.Equal(TrainingStopReason.Cancelled, history.StopReason);
        Assert.Empty(history.Epochs);
        Assert.Equal(before, TinyTraining.State(model));
        Assert.Equal((0, 0), (LczTrainer.ReadCheckpoint(directory.Path).CompletedEpochs, LczTrainer.ReadCheckpoint(directory.Path).BatchesDone));
    }

    [Fact]
    public void Evaluate_returns_metrics_matching_its_confusion_matrix_and_throws_when_cancelled()
    {
        using LczModel model = TinyTraining.Model();
        var trainer = new LczTrainer(model, TinyTraining.Options(1));
        trainer.Fit(TinyTraining.Training());
        ArrayPatchSource test = TinyTraining.Validation();
        EvaluationResult result = trainer.Evaluate(test);
        Assert.Equal(34, result.Samples);
        Assert.Equal(Msmla.Core.Metrics.ClassificationMetrics.Compute(result.ConfusionMatrix), result.Metrics);
        Assert.Equal(test.Labels!.GroupBy(l => l).ToDictionary(g => g.Key, g => (long)g.Count()),
            Enumerable.Range(0, 17).Where(c => result.ConfusionMatrix.RowSum(c) > 0).ToDictionary(c => c, c => result.ConfusionMatrix.RowSum(c)));
        Assert.True(result.Loss > 0);
        Assert.Throws<OperationCanceledException>(() => trainer.Evaluate(test, null, new CancellationToken(true)));
    }

    [Fact]
    public void Sources_that_cannot_feed_the_model_are_refused_by_name()
    {
        using LczModel model = TinyTraining.Model();
        var trainer = new LczTrainer(model, TinyTraining.Options(1));
        ArrayPatchSource good = TinyTraining.Training();
        var unlabelled = new ArrayPatchSource(good.Data.ToArray(), null, good.Info.ChannelNames, 8, 8, 17);
        Assert.Contains("no labels", Assert.Throws<ArgumentException>(() => trainer.Fit(unlabelled)).Message);
        ArrayPatchSource fewerBands = SyntheticLczSample.CreateSource(TinyTraining.Sample with { Bands = 4 }, 20);
        Assert.Contains("4 channels", Assert.Throws<ArgumentException>(() => trainer.Fit(good, fewerBands)).Message);
        ArrayPatchSource fewerClasses = SyntheticLczSample.CreateSource(TinyTraining.Sample with { ClassCount = 5 }, 20);
        Assert.Contains("5 classes", Assert.Throws<ArgumentException>(() => trainer.Evaluate(fewerClasses)).Message);
        var needsValidation = new LczTrainer(model, TinyTraining.Options(1) with { EarlyStopping = new EarlyStoppingOptions() });
        Assert.Contains("early stopping on ValidationLoss", Assert.Throws<ArgumentException>(() => needsValidation.Fit(good)).Message);
        // The same check covers callbacks given to the trainer.
        var ownEarlyStopping = new LczTrainer(model, TinyTraining.Options(1), callbacks: new[] { new EarlyStopping(new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationKappa }) });
        Assert.Contains("early stopping on ValidationKappa", Assert.Throws<ArgumentException>(() => ownEarlyStopping.Fit(good)).Message);
        Assert.Contains("3 weights", Assert.Throws<ArgumentException>(() => new LczTrainer(model, TinyTraining.Options(1) with { Loss = new LossOptions { ClassWeights = new[] { 1f, 2f, 3f } } })).Message);
    }

    [Fact]
    public void A_non_finite_loss_stops_the_run_with_a_clear_error()
    {
        ArrayPatchSource good = TinyTraining.Training();
        float[] data = good.Data.ToArray();
        data[12345] = float.PositiveInfinity;
        var broken = new ArrayPatchSource(data, good.Labels!.ToArray(), good.Info.ChannelNames, 8, 8, 17);
        using LczModel model = TinyTraining.Model();
        // Its own type (an InvalidOperationException, as before), so that applications can name their own remedies.
        var e = Assert.Throws<TrainingDivergedException>(() => new LczTrainer(model, TinyTraining.Options(2)).Fit(broken));
        Assert.IsAssignableFrom<InvalidOperationException>(e);
        Assert.Contains("diverged", e.Message);
        Assert.Contains("epoch 1", e.Message);
        Assert.Equal(1, e.Epoch);
        Assert.False(double.IsFinite(e.Loss));
    }

    [Fact]
    public void Gradient_clipping_bounds_each_update()
    {
        // One full-batch SGD step with lr 1 and clip norm c moves the parameters by at most c (in global L2 norm).
        ArrayPatchSource training = TinyTraining.Training();
        using LczModel model = TinyTraining.Model(dropout: 0);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();
        TrainerOptions options = TinyTraining.Options(1) with
        {
            BatchSize = (int)training.Info.Count, Optimizer = OptimizerOptions.Sgd(1.0, momentum: 0), GradientClipNorm = 0.05,
        };
        new LczTrainer(model, options).Fit(training);
        double squared = model.parameters().Zip(before, (p, b) => (p - b).pow(2).sum().ToDouble()).Sum();
        Assert.True(Math.Sqrt(squared) <= 0.05 * 1.0001, $"the update moved the parameters by {Math.Sqrt(squared)}");
        Assert.True(Math.Sqrt(squared) > 0.01);
        foreach (var b in before) b.Dispose();
    }
}
