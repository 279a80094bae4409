using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Msmla.Models.Training;
using Msmla.Models.Training.Callbacks;

namespace Msmla.Models.Tests.Training.Callbacks;

/// <summary>The callback contract: the hooks and their order, logged values, stop decisions, the learning rate and state across a resume.</summary>
[Collection(TrainerCollection.Name)]
public sealed class TrainingCallbackTests
{
    [Fact]
    public void Hooks_run_in_Keras_order_with_the_position_of_each()
    {
        var recorder = new HookRecorder();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(1), callbacks: new[] { recorder }).Fit(TinyTraining.Training(), TinyTraining.Validation());

        // 68 patches in batches of 8: 9 training batches; 34 validation patches: 5 batches.
        var expected = new List<string> { "TrainBegin e0", "EpochBegin e1 b0/9" };
        for (int b = 0; b < 9; b++) expected.AddRange(new[] { $"TrainBatchBegin e1 b{b}/9", $"TrainBatchEnd e1 b{b + 1}/9" });
        for (int b = 1; b <= 5; b++) expected.Add($"ValidationBatchEnd e1 b{b}/5");
        expected.AddRange(new[] { "EpochEnd e1 b9/9", "TrainEnd e1 b0/0" });
        Assert.Equal(expected, recorder.Hooks);
        Assert.Equal(new[] { TrainingStopReason.Completed }, recorder.EndReasons);
    }

    [Fact]
    public void A_logged_value_crossing_a_threshold_stops_the_run_and_the_history_says_why()
    {
        // One callback logs the training samples seen so far (68 per epoch); another stops once that exceeds 150,
        // which happens in epoch 3 of 10 (204 samples).
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        var callbacks = new ITrainingCallback[] { new SamplesSeenLogger(), new ThresholdStop(TrainingMonitor.Logged("samples_seen", MonitorMode.Max), 150) };
        TrainingHistory history = new LczTrainer(model, TinyTraining.Options(10, directory.Path), callbacks: callbacks).Fit(TinyTraining.Training(), TinyTraining.Validation());

        Assert.Equal(TrainingStopReason.EarlyStopped, history.StopReason);
        Assert.Equal(new TrainingStopDecision(3, nameof(ThresholdStop), "samples_seen reached 204, above 150"), history.StopDecision);
        Assert.Equal(new[] { 1, 2, 3 }, history.Epochs.Select(e => e.Epoch));
        Assert.Equal(new[] { 68.0, 136.0, 204.0 }, history.Epochs.Select(e => e.Logged["samples_seen"]));

        // The history files record the value and the decision.
        TrainingHistory written = TrainingHistory.ReadJson(directory.File("history.json"));
        Assert.Equal(history.StopDecision, written.StopDecision);
        Assert.Equal(TrainingStopReason.EarlyStopped, written.StopReason);
        Assert.Equal(history.Epochs, written.Epochs);
        string[] csv = File.ReadAllLines(directory.File("history.csv"));
        Assert.EndsWith(",samples_seen", csv[0], StringComparison.Ordinal);
        Assert.Equal(new[] { "68", "136", "204" }, csv.Skip(1).Select(line => line.Split(',')[^1]));
        // A stopped run is over: resuming it trains nothing.
        TrainingHistory resumed = new LczTrainer(model, TinyTraining.Options(10, directory.Path), callbacks: callbacks).Resume(directory.Path, TinyTraining.Training(), TinyTraining.Validation());
        Assert.Equal((3, TrainingStopReason.EarlyStopped), (resumed.Epochs.Count, resumed.StopReason));
    }

    [Fact]
    public void Your_callbacks_run_before_the_built_ins_so_these_can_monitor_what_you_log()
    {
        // The options' early stopping watches a value only a user callback logs: constant, so it stops at epoch 2.
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(5) with
        {
            EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.Logged("constant"), Patience = 1 },
        };
        var constant = new ReduceLearningRateOnPlateauTests.SequenceLogger("constant", Enumerable.Repeat(1.0, 5).ToArray());
        TrainingHistory history = new LczTrainer(model, options, callbacks: new[] { constant }).Fit(TinyTraining.Training());
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(nameof(EarlyStopping), history.StopDecision!.DecidedBy);
        Assert.StartsWith("constant has not improved for 1 epochs (best 1 in epoch 1)", history.StopDecision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_callback_can_set_the_learning_rate_of_each_update()
    {
        // Linear warm-up over the first 20 updates to 0.01: the rate of update t (0-based) is 0.01 x min(1, (t + 1) / 20).
        using LczModel model = TinyTraining.Model();
        TrainingHistory history = new LczTrainer(model, TinyTraining.Options(3), callbacks: new[] { new Warmup(0.01, 20) }).Fit(TinyTraining.Training());
        for (int e = 1; e <= 3; e++)
        {
            long lastUpdate = 9L * e - 1;
            Assert.Equal(0.01 * Math.Min(1, (lastUpdate + 1) / 20.0), history.Epochs[e - 1].LearningRate, 15);
        }
    }

    [Fact]
    public void The_context_refuses_misuse_clearly()
    {
        var misuse = new Misuse();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(1), callbacks: new[] { misuse }).Fit(TinyTraining.Training());
        Assert.Contains("during an epoch", misuse.LogAtTrainBegin!.Message);
        Assert.Contains("built-in value", misuse.BuiltInName!.Message);
        Assert.Contains("not a valid name", misuse.BadName!.Message);
        Assert.Contains("OnTrainEnd", misuse.StopAtTrainEnd!.Message);
        Assert.Contains("inside a callback's hook", Assert.Throws<InvalidOperationException>(() => misuse.Context!.Log("late", 1)).Message);
    }

    [Fact]
    public void A_stateful_callback_resumes_with_its_state_and_the_run_repeats_the_uninterrupted_one()
    {
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using var straightDirectory = TinyTraining.Directory();
        using var resumedDirectory = TinyTraining.Directory();
        using LczModel straightModel = TinyTraining.Model();
        TrainingHistory straight = new LczTrainer(straightModel, TinyTraining.Options(3, straightDirectory.Path), callbacks: new[] { new BatchCounter() }).Fit(training, validation);

        using var cancel = new CancellationTokenSource();
        var progress = new TinyTraining.SyncProgress<TrainingProgress>(p =>
        {
            if (p is TrainingBatchProgress { Epoch: 2, Batch: 5 }) cancel.Cancel();
        });
        using (LczModel first = TinyTraining.Model())
            new LczTrainer(first, TinyTraining.Options(3, resumedDirectory.Path), callbacks: new[] { new BatchCounter() }).Fit(training, validation, progress, cancel.Token);

        using LczModel resumedModel = TinyTraining.Model(seed: 99);
        var counter = new BatchCounter();
        TrainingHistory resumed = new LczTrainer(resumedModel, TinyTraining.Options(3, resumedDirectory.Path), callbacks: new[] { counter }).Resume(resumedDirectory.Path, training, validation);
        Assert.Equal(new[] { 9.0, 18.0, 27.0 }, straight.Epochs.Select(e => e.Logged["batches_total"]));
        Assert.Equal(straight.Epochs.Select(TinyTraining.WithoutTimings), resumed.Epochs.Select(TinyTraining.WithoutTimings));
        Assert.Equal(27, counter.Count);
        Assert.Equal(TinyTraining.State(straightModel), TinyTraining.State(resumedModel));
    }

    private sealed class HookRecorder : TrainingCallback
    {
        public List<string> Hooks { get; } = new();

        public List<TrainingStopReason> EndReasons { get; } = new();

        public override void OnTrainBegin(TrainingContext context) => Add("TrainBegin", context, withBatch: false);

        public override void OnEpochBegin(TrainingContext context) => Add("EpochBegin", context);

        public override void OnTrainBatchBegin(TrainingContext context) => Add("TrainBatchBegin", context);

        public override void OnTrainBatchEnd(TrainingContext context) => Add("TrainBatchEnd", context);

        public override void OnValidationBatchEnd(TrainingContext context) => Add("ValidationBatchEnd", context);

        public override void OnEpochEnd(TrainingContext context) => Add("EpochEnd", context);

        public override void OnTrainEnd(TrainingContext context)
        {
            Add("TrainEnd", context);
            EndReasons.Add(context.StopReason);
        }

        private void Add(string hook, TrainingContext context, bool withBatch = true) =>
            Hooks.Add(withBatch ? $"{hook} e{context.Epoch} b{context.Batch}/{context.Batches}" : $"{hook} e{context.Epoch}");
    }

    private sealed class SamplesSeenLogger : TrainingCallback
    {
        private long _before;

        public override void OnTrainBegin(TrainingContext context) => _before = 0;

        public override void OnTrainBatchEnd(TrainingContext context) => context.Log("samples_seen", _before + context.TrainingSamples);

        public override void OnEpochEnd(TrainingContext context) => _before += context.Record!.TrainingSamples;
    }

    private sealed class ThresholdStop : TrainingCallback
    {
        private readonly TrainingMonitor _monitor;
        private readonly double _threshold;

        public ThresholdStop(TrainingMonitor monitor, double threshold)
        {
            _monitor = monitor;
            _threshold = threshold;
        }

        public override void OnEpochEnd(TrainingContext context)
        {
            if (context.Value(_monitor) is double value && value > _threshold) context.StopTraining($"{_monitor.Name} reached {value}, above {_threshold}");
        }
    }

    private sealed class Warmup : TrainingCallback
    {
        private readonly double _rate;
        private readonly int _updates;

        public Warmup(double rate, int updates)
        {
            _rate = rate;
            _updates = updates;
        }

        public override void OnTrainBatchBegin(TrainingContext context) => context.LearningRate = _rate * Math.Min(1, (context.Step + 1) / (double)_updates);
    }

    private sealed class Misuse : TrainingCallback
    {
        public Exception? LogAtTrainBegin { get; private set; }
        public Exception? BuiltInName { get; private set; }
        public Exception? BadName { get; private set; }
        public Exception? StopAtTrainEnd { get; private set; }
        public TrainingContext? Context { get; private set; }

        public override void OnTrainBegin(TrainingContext context)
        {
            Context = context;
            LogAtTrainBegin = Record(() => context.Log("early", 1));
        }

        public override void OnEpochEnd(TrainingContext context)
        {
            BuiltInName = Record(() => context.Log("val_loss", 1));
            BadName = Record(() => context.Log("has space", 1));
        }

        public override void OnTrainEnd(TrainingContext context) => StopAtTrainEnd = Record(() => context.StopTraining("too late"));

        private static Exception? Record(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    /// <summary>Counts training batches over the run (state kept in checkpoints) and logs the count.</summary>
    private sealed class BatchCounter : TrainingCallback, IStatefulTrainingCallback
    {
        public int Count { get; private set; }

        public string StateKey => "BatchCounter";

        public override void OnTrainBegin(TrainingContext context) => Count = 0;

        public override void OnTrainBatchEnd(TrainingContext context) => context.Log("batches_total", ++Count);

        public byte[] SaveState() => BitConverter.GetBytes(Count);

        public void LoadState(byte[] state) => Count = BitConverter.ToInt32(state);
    }
}
