using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Core.TorchSharpWorkarounds;
using Msmla.Models.Training.Callbacks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// One training run: the loop over epochs and batches, validation, the learning rate, and the calls of its callbacks
    /// (which do early stopping, checkpoints, reduce-on-plateau and progress). <see cref="LczTrainer"/> creates it for
    /// <see cref="LczTrainer.Fit"/> and <see cref="LczTrainer.Resume"/>. The state a checkpoint holds lives here
    /// (<see cref="TrainingRun.Capture"/>); <see cref="TrainingContext"/> shows it to the callbacks.
    /// </summary>
    internal sealed partial class TrainingRun : IDisposable
    {
        private readonly IPatchSource _training;
        private readonly IPatchSource? _validation;
        private readonly LearningRateSchedule _schedule;
        private readonly IReadOnlyList<ITrainingCallback> _callbacks;
        private readonly IReadOnlyList<(string Key, IStatefulTrainingCallback Callback)> _stateful;
        private readonly List<EpochRecord> _history = new();
        private readonly Stopwatch _clock = new();
        private readonly Stopwatch _epochWatch = new();
        private readonly int _validationBatchSize;
        private readonly TrainingContext _context;
        private LczLoss? _loss;
        private float[]? _classWeights;
        private int _epoch;
        private int _batchesDone;
        private EpochProgressState? _partial;
        private EpochProgressState? _epochStart;
        private LoggedValues _logged = LoggedValues.Empty;
        private TrainingSums? _sums;
        private BFloat16WorkingCopy? _mixed;
        private string? _randomState;
        private TrainingStopReason _stopReason = TrainingStopReason.InProgress;
        private bool _atBoundary = true;
        private bool _inEpoch;
        private bool _stateContiguous;
        private bool _checkpointWrittenAtEnd;
        private bool _inTrainEnd;
        private TrainingCheckpointFile.Contents? _restored;
        private CheckpointState? _restoredState;

        public TrainingRun(LczModel model, TrainerOptions options, Device device, ILogger logger, IPatchSource training, IPatchSource? validation,
            InputPipeline input, IReadOnlyList<ITrainingCallback> callbacks)
        {
            Model = model;
            Options = options;
            Device = device;
            Logger = logger;
            Input = input;
            _training = training;
            _validation = validation;
            _callbacks = callbacks;
            _classWeights = options.Loss.ClassWeights;
            TrainingBatches = BatchCount(training.Info.Count, options.BatchSize, options.DropLast);
            if (TrainingBatches == 0)
                throw new ArgumentException($"The training source has {training.Info.Count} patches: no full batch of {options.BatchSize} with DropLast.", nameof(training));
            _validationBatchSize = options.ValidationBatchSize ?? options.BatchSize;
            ValidationBatches = validation == null ? 0 : BatchCount(validation.Info.Count, _validationBatchSize, false);
            _schedule = new LearningRateSchedule(options.Schedule, options.Optimizer.LearningRate, options.Epochs);
            BestMonitor = callbacks.OfType<ModelCheckpoint>().FirstOrDefault()?.Monitor
                ?? callbacks.OfType<EarlyStopping>().FirstOrDefault()?.Monitor
                ?? (validation != null ? TrainingMonitor.ValidationLoss : TrainingMonitor.TrainingLoss);
            CheckpointDirectory = callbacks.OfType<ModelCheckpoint>().FirstOrDefault()?.Directory;
            _stateful = StateKeys(callbacks);
            Optimizer = OptimizerFactory.Create(options.Optimizer, model.parameters());
            OptimizerStateLayout.MakeContiguous(Optimizer);
            LastLearningRate = options.Optimizer.LearningRate;
            _context = new TrainingContext(this);
        }

        public LczModel Model { get; }

        public TrainerOptions Options { get; }

        public Device Device { get; }

        public ILogger Logger { get; }

        public InputPipeline Input { get; }

        public OptimizerHelper Optimizer { get; }

        public CancellationToken CancellationToken { get; private set; }

        public bool IsResumed => _restored != null;

        /// <summary>The value that decides the history's best epoch.</summary>
        public TrainingMonitor BestMonitor { get; }

        /// <summary>The first checkpoint callback's directory, or null.</summary>
        public string? CheckpointDirectory { get; }

        public int TrainingBatches { get; }

        public int ValidationBatches { get; }

        public long Step { get; private set; }

        public TimeSpan Elapsed => _clock.Elapsed;

        public int CompletedEpochs => _history.Count;

        public int ContextEpoch { get; private set; }

        public int ContextBatch { get; private set; }

        public int ContextBatches { get; private set; }

        public ITrainingCallback? CurrentCallback { get; private set; }

        public double? LearningRateOverride { get; set; }

        public double LastLearningRate { get; private set; }

        public double NextLearningRate => LearningRateOverride ?? _schedule.LearningRateAt(Step, _epoch);

        public TrainingSums? Sums => _sums;

        public double ValidationLoss { get; private set; } = double.NaN;

        public double ValidationAccuracy { get; private set; } = double.NaN;

        public long ValidationSamples { get; private set; }

        public EpochRecord? CurrentRecord { get; private set; }

        public IReadOnlyList<EpochRecord> Records => _history;

        public TrainingStopDecision? StopDecision { get; private set; }

        /// <summary>
        /// The reason the run ends with: the final one once decided; at an epoch boundary, EarlyStopped after a stop
        /// decision and Completed after the last epoch; InProgress otherwise.
        /// </summary>
        public TrainingStopReason CurrentStopReason =>
            _stopReason != TrainingStopReason.InProgress ? _stopReason
            : !_atBoundary ? TrainingStopReason.InProgress
            : StopDecision != null ? TrainingStopReason.EarlyStopped
            : _epoch >= Options.Epochs ? TrainingStopReason.Completed
            : TrainingStopReason.InProgress;

        /// <summary>Restores a checkpoint's run state, weights and optimizer state (the caller has checked that they fit); callback states follow at the start of <see cref="Execute"/>.</summary>
        public void Restore(CheckpointState state, TrainingCheckpointFile.Contents contents, string path)
        {
            ModelStateFormat.Load(Model, contents.Model, path);
            OptimizerFactory.LoadState(Optimizer, contents.Optimizer, Device, path);
            _epoch = state.Epoch;
            _batchesDone = state.BatchesDone;
            _atBoundary = _batchesDone == 0;
            Step = state.Step;
            _partial = state.Partial;
            // An edited or damaged run state is bad input naming the file, not a libtorch abort (set_rng_state of a state of
            // the wrong size).
            _randomState = CheckedRandomState(state.RandomState, path);
            LearningRateOverride = state.LearningRateOverride;
            if (contents.Version == 1 && Options.Schedule is ReduceOnPlateauSchedule && state.Schedule is { } plateau) LearningRateOverride = plateau.LearningRate;
            _classWeights = state.ClassWeights;
            _history.AddRange(state.History);
            _stopReason = state.StopReason;
            StopDecision = state.StopDecision;
            ContextEpoch = _epoch;
            if (_stopReason == TrainingStopReason.Completed && _epoch < Options.Epochs)
            {
                Logger.LogInformation("Resuming a completed run of {Done} epochs to run up to {Epochs}", _epoch, Options.Epochs);
                _stopReason = TrainingStopReason.InProgress;
            }
            _restored = contents;
            _restoredState = state;
        }

        /// <summary>Runs epochs until the end, a stop decision or cancellation, and returns the history.</summary>
        public TrainingHistory Execute(CancellationToken cancellationToken)
        {
            CancellationToken = cancellationToken;
            _clock.Start();
            if (_stopReason != TrainingStopReason.InProgress)
            {
                Logger.LogInformation("The run already ended ({Reason}) after {Epochs} epochs; nothing to do", _stopReason, _epoch);
                return History();
            }
            ContextEpoch = _epoch;
            Invoke(static (c, x) => c.OnTrainBegin(x));
            if (_restored != null) RestoreCallbackStates();
            if (_classWeights == null && Options.Loss.BalancedClassWeights)
            {
                _classWeights = BalancedClassWeights(cancellationToken);
                if (_classWeights == null) return Cancel(atBoundary: true);
            }
            _loss = new LczLoss(Model.OutputKind, Model.Options.Classes, Options.Loss with { ClassWeights = _classWeights }, Device);

            while (CurrentStopReason == TrainingStopReason.InProgress)
            {
                if (cancellationToken.IsCancellationRequested) return Cancel(atBoundary: _batchesDone == 0);
                if (!TrainEpoch(cancellationToken)) return Cancel(atBoundary: false);
                var validationClock = Stopwatch.StartNew();
                EvaluationResult? validation;
                try
                {
                    validation = Validate(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return Cancel(atBoundary: false);
                }
                EndEpoch(validation, validationClock.Elapsed.TotalSeconds);
            }
            _stopReason = CurrentStopReason;
            int bestEpoch = TrainingHistory.FindBestEpoch(_history, BestMonitor);
            Logger.LogInformation("Training ended ({Reason}) after {Epochs} epochs in {Elapsed}; best epoch {Best} ({Monitor} = {Value})",
                _stopReason, _epoch, _clock.Elapsed, bestEpoch, BestMonitor, bestEpoch > 0 ? _history[bestEpoch - 1].Value(BestMonitor) : null);
            EndTraining();
            return History();
        }

        /// <summary>The history as it stands.</summary>
        public TrainingHistory History() =>
            new(_history, CurrentStopReason, BestMonitor, TrainingHistory.FindBestEpoch(_history, BestMonitor), CheckpointDirectory, StopDecision);

        /// <summary>Logs a value of the epoch in progress (<see cref="TrainingContext.Log"/>).</summary>
        public void Log(string name, double value)
        {
            if (!_inEpoch) throw new InvalidOperationException($"Values can only be logged during an epoch (from OnEpochBegin to OnEpochEnd); {Describe(CurrentCallback)} logged '{name}' outside one.");
            _logged = _logged.With(name, value);
            if (CurrentRecord != null)
            {
                CurrentRecord = CurrentRecord with { Logged = _logged };
                _history[^1] = CurrentRecord;
            }
        }

        /// <summary>Records a callback's decision to stop (<see cref="TrainingContext.StopTraining"/>).</summary>
        public void RequestStop(string reason)
        {
            if (_inTrainEnd) throw new InvalidOperationException("The run is already ending: a callback cannot stop it from OnTrainEnd.");
            string who = Describe(CurrentCallback);
            if (StopDecision != null)
            {
                Logger.LogDebug("{Callback} also asked to stop ({Reason}); {First} decided first", who, reason, StopDecision.DecidedBy);
                return;
            }
            StopDecision = new TrainingStopDecision(ContextEpoch, who, reason);
            Logger.LogInformation("{Callback} stops the run after epoch {Epoch}: {Reason}", who, ContextEpoch, reason);
        }

        public void Dispose()
        {
            _loss?.Dispose();
            _sums?.Dispose();
            _mixed?.Dispose();
            Optimizer.Dispose();
        }

        private bool TrainEpoch(CancellationToken cancellationToken)
        {
            int epoch = _epoch;
            int classes = Model.Options.Classes;
            if (_batchesDone == 0)
            {
                manual_seed(EpochSeed(Options.Seed, epoch));
                _partial = new EpochProgressState(0, 0, 0, 0, NextLearningRate);
            }
            else
            {
                RestoreRandomState();
                Logger.LogInformation("Resuming epoch {Epoch} after batch {Batch} of {Batches}", epoch + 1, _batchesDone, TrainingBatches);
            }
            EpochProgressState start = _partial!;
            _epochStart = start;
            _logged = start.Logged ?? LoggedValues.Empty;
            _sums?.Dispose();
            _sums = new TrainingSums(start, Device);
            LastLearningRate = start.LearningRate;
            _atBoundary = false;
            _inEpoch = true;
            ContextEpoch = epoch + 1;
            ContextBatch = _batchesDone;
            ContextBatches = TrainingBatches;
            _epochWatch.Restart();
            Invoke(static (c, x) => c.OnEpochBegin(x));
            if (_batchesDone >= TrainingBatches)
            {
                _epochWatch.Stop();
                return true;
            }

            var batchOptions = new BatchOptions
            {
                BatchSize = Options.BatchSize, Shuffle = Options.Shuffle, Seed = Options.Seed, DropLast = Options.DropLast, Prefetch = Options.Prefetch,
            };
            int index = 0;
            Model.train();
            if (Options.Precision == TrainingPrecision.BFloat16Mixed)
            {
                // The master model may have changed since the last step (resume, a callback): the working copy follows it.
                _mixed ??= BFloat16WorkingCopy.Create(Model, Device);
                _mixed.LoadFromMaster();
            }
            using IEnumerator<PatchBatch> batches = _training.ReadBatches(batchOptions, epoch, cancellationToken).GetEnumerator();
            while (true)
            {
                bool more;
                try
                {
                    more = batches.MoveNext();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    _epochWatch.Stop();
                    return false;
                }
                if (!more) break;
                using PatchBatch batch = batches.Current;
                if (index < _batchesDone)
                {
                    index++;
                    continue;
                }
                BatchChecks.Labels(batch, classes, "training", index);
                ContextBatch = index;
                Invoke(static (c, x) => c.OnTrainBatchBegin(x));
                double learningRate = NextLearningRate;
                OptimizerFactory.SetLearningRate(Optimizer, learningRate);
                using (var scope = NewDisposeScope())
                {
                    Tensor x = batch.ToTensor(Device);
                    Tensor y = batch.LabelsToTensor(Device);
                    Tensor output = _mixed?.Forward(x) ?? Model.call(x);
                    Tensor loss = _loss!.Compute(output, y);
                    Optimizer.zero_grad();
                    _mixed?.ZeroGradients();
                    loss.backward();
                    _mixed?.GradientsToMaster();
                    if (Options.GradientClipNorm is double clip) nn.utils.clip_grad_norm_(Model.parameters(), clip);
                    Optimizer.step();
                    _mixed?.AfterStep();
                    if (!_stateContiguous)
                    {
                        OptimizerStateLayout.MakeContiguous(Optimizer);
                        _stateContiguous = true;
                    }
                    _sums.Add(loss, output, y, batch.Count);
                }
                LastLearningRate = learningRate;
                Step++;
                index++;
                _batchesDone = index;
                ContextBatch = index;
                Invoke(static (c, x) => c.OnTrainBatchEnd(x));
                if (Options.LogEveryBatches > 0 && index % Options.LogEveryBatches == 0)
                    Logger.LogDebug("Epoch {Epoch} batch {Batch}/{Batches}: loss {Loss:0.0000} accuracy {Accuracy:0.0000} lr {LearningRate:G6}",
                        epoch + 1, index, TrainingBatches, _sums.Loss, _sums.Accuracy, learningRate);
                if (_sums.IsRead) CheckFinite(_sums.Loss, epoch + 1, index);
                if (cancellationToken.IsCancellationRequested)
                {
                    _epochWatch.Stop();
                    return false;
                }
            }
            if (index != TrainingBatches)
                throw new InvalidOperationException($"The training source yielded {index} batches in epoch {epoch + 1}, but {TrainingBatches} were expected from its Info ({_training.Info.Count} patches).");
            _epochWatch.Stop();
            return true;
        }

        private EvaluationResult? Validate(CancellationToken cancellationToken)
        {
            if (_validation == null) return null;
            ContextBatch = 0;
            ContextBatches = ValidationBatches;
            try
            {
                return EvaluationPass.Run(Model, _loss!, _validation, _validationBatchSize, Options.Prefetch, Device, "validation",
                    (batch, batches, loss, accuracy, samples) =>
                    {
                        ValidationLoss = loss;
                        ValidationAccuracy = accuracy;
                        ValidationSamples = samples;
                        ContextBatch = batch;
                        Invoke(static (c, x) => c.OnValidationBatchEnd(x));
                    },
                    cancellationToken);
            }
            finally
            {
                ValidationLoss = double.NaN;
                ValidationAccuracy = double.NaN;
                ValidationSamples = 0;
            }
        }

        private void EndEpoch(EvaluationResult? validation, double validationSeconds)
        {
            EpochProgressState p = CurrentPartial();
            var record = new EpochRecord
            {
                Epoch = _epoch + 1,
                LearningRate = p.LearningRate,
                TrainingLoss = p.LossSum / p.Samples,
                TrainingAccuracy = p.Correct / (double)p.Samples,
                TrainingSamples = p.Samples,
                DurationSeconds = p.Seconds + validationSeconds,
                SamplesPerSecond = p.Samples / Math.Max(p.Seconds, 1e-9),
                Logged = _logged,
            };
            CheckFinite(record.TrainingLoss, record.Epoch, TrainingBatches);
            if (validation != null) record = record.WithValidation(validation.Metrics, validation.Loss);
            _history.Add(record);
            _epoch++;
            _batchesDone = 0;
            _partial = null;
            _randomState = null;
            _atBoundary = true;
            ContextBatch = TrainingBatches;
            ContextBatches = TrainingBatches;
            CurrentRecord = record;
            try
            {
                Invoke(static (c, x) => c.OnEpochEnd(x));
            }
            finally
            {
                _inEpoch = false;
            }
            record = CurrentRecord;
            CurrentRecord = null;
            _logged = LoggedValues.Empty;
            bool isBest = TrainingHistory.FindBestEpoch(_history, BestMonitor) == record.Epoch;
            EpochLog.Write(Logger, record, Options.Epochs, isBest ? BestMonitor : null);
        }

        private TrainingHistory Cancel(bool atBoundary)
        {
            Logger.LogInformation(atBoundary
                ? "Training cancelled before epoch {Epoch}"
                : "Training cancelled in epoch {Epoch} after batch {Batch}", _epoch + 1, _batchesDone);
            _inEpoch = false;
            _stopReason = TrainingStopReason.Cancelled;
            EndTraining();
            if (!_checkpointWrittenAtEnd)
                Logger.LogWarning("Training cancelled without a checkpoint: the run cannot be resumed (give the trainer CheckpointOptions to make it resumable)");
            return History();
        }

        private void EndTraining()
        {
            ContextEpoch = _history.Count;
            ContextBatch = 0;
            ContextBatches = 0;
            _inTrainEnd = true;
            Invoke(static (c, x) => c.OnTrainEnd(x));
        }

        private float[]? BalancedClassWeights(CancellationToken cancellationToken)
        {
            var options = new BatchOptions { BatchSize = Math.Max(Options.BatchSize, 256), Shuffle = false, Prefetch = Options.Prefetch };
            return LabelCounter.BalancedWeights(_training, Model.Options.Classes, options, Logger,
                (done, batches) =>
                {
                    ContextBatch = done;
                    ContextBatches = batches;
                    Invoke(static (c, x) => c.OnPreparationBatchEnd(x));
                },
                cancellationToken);
        }

        /// <summary>Calls <paramref name="hook"/> on every callback in order, with the context knowing which one runs.</summary>
        private void Invoke(Action<ITrainingCallback, TrainingContext> hook)
        {
            foreach (ITrainingCallback callback in _callbacks)
            {
                CurrentCallback = callback;
                try
                {
                    hook(callback, _context);
                }
                finally
                {
                    CurrentCallback = null;
                }
            }
        }

        /// <summary>The sums of the epoch in progress as a checkpoint stores them.</summary>
        private EpochProgressState CurrentPartial()
        {
            if (_sums == null || _epochStart == null) return _partial!;
            (double lossSum, long correct) = _sums.Read();
            return new EpochProgressState(lossSum, correct, _sums.Samples, _epochStart.Seconds + _epochWatch.Elapsed.TotalSeconds, LastLearningRate,
                _logged.Count > 0 ? _logged : null);
        }

        /// <summary>The state keys of the stateful callbacks: their own, with #2, #3, ... for repeats.</summary>
        private static IReadOnlyList<(string, IStatefulTrainingCallback)> StateKeys(IEnumerable<ITrainingCallback> callbacks)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var keys = new List<(string, IStatefulTrainingCallback)>();
            foreach (IStatefulTrainingCallback callback in callbacks.OfType<IStatefulTrainingCallback>())
            {
                string key = callback.StateKey;
                if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException($"The callback {callback.GetType().Name} has an empty StateKey.", nameof(callbacks));
                int n = seen[key] = seen.GetValueOrDefault(key) + 1;
                keys.Add((n == 1 ? key : $"{key}#{n}", callback));
            }
            return keys;
        }

        private static string Describe(ITrainingCallback? callback) => callback?.GetType().Name ?? "the trainer";

        private static void CheckFinite(double loss, int epoch, int batch)
        {
            // A type of its own (an InvalidOperationException as before) so that applications can name their own remedies.
            if (double.IsNaN(loss) || double.IsInfinity(loss)) throw new TrainingDivergedException(epoch, batch, loss);
        }

        /// <summary>The seed of TorchSharp's generator for 0-based epoch <paramref name="epoch"/> of a run seeded with <paramref name="seed"/>.</summary>
        internal static long EpochSeed(int seed, int epoch) =>
            (long)(SeededRandom.Combine(SeededRandom.Combine(0x4D534D4C41UL /* "MSMLA" */, (ulong)(uint)seed), (ulong)epoch) >> 1);

        internal static int BatchCount(long count, int batchSize, bool dropLast) =>
            checked((int)(dropLast ? count / batchSize : (count + batchSize - 1) / batchSize));
    }
}
