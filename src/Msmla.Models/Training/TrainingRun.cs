using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// One training run: the loop over epochs and batches, validation, the schedule, early stopping, checkpoints and
    /// progress. <see cref="LczTrainer"/> creates it for <see cref="LczTrainer.Fit"/> and <see cref="LczTrainer.Resume"/>.
    /// </summary>
    internal sealed partial class TrainingRun : IDisposable
    {
        private readonly LczModel _model;
        private readonly TrainerOptions _options;
        private readonly Device _device;
        private readonly ILogger _logger;
        private readonly IPatchSource _training;
        private readonly IPatchSource? _validation;
        private readonly InputPipeline _input;
        private readonly OptimizerHelper _optimizer;
        private readonly LearningRateSchedule _schedule;
        private readonly MonitorTracker _best;
        private readonly MonitorTracker? _early;
        private readonly RunDirectory? _directory;
        private readonly List<EpochRecord> _history = new();
        private readonly Stopwatch _clock = new();
        private readonly int _trainingBatches;
        private readonly int _validationBatches;
        private readonly int _validationBatchSize;
        private LczLoss? _loss;
        private float[]? _classWeights;
        private int _epoch;
        private int _batchesDone;
        private long _step;
        private EpochProgressState? _partial;
        private string? _randomState;
        private TrainingStopReason _stopReason = TrainingStopReason.InProgress;
        private long _workDone;
        private bool _stateContiguous;

        public TrainingRun(LczModel model, TrainerOptions options, Device device, ILogger logger, IPatchSource training, IPatchSource? validation, InputPipeline input)
        {
            _input = input;
            _model = model;
            _options = options;
            _device = device;
            _logger = logger;
            _training = training;
            _validation = validation;
            _classWeights = options.Loss.ClassWeights;
            _trainingBatches = BatchCount(training.Info.Count, options.BatchSize, options.DropLast);
            if (_trainingBatches == 0)
                throw new ArgumentException($"The training source has {training.Info.Count} patches: no full batch of {options.BatchSize} with DropLast.", nameof(training));
            _validationBatchSize = options.ValidationBatchSize ?? options.BatchSize;
            _validationBatches = validation == null ? 0 : BatchCount(validation.Info.Count, _validationBatchSize, false);
            _schedule = new LearningRateSchedule(options.Schedule, options.Optimizer.LearningRate, options.Epochs);
            BestMonitor = options.Checkpoint?.BestMonitor
                ?? options.EarlyStopping?.Monitor
                ?? (validation != null ? TrainingMonitor.ValidationLoss : TrainingMonitor.TrainingLoss);
            _best = new MonitorTracker(BestMonitor);
            _early = options.EarlyStopping is { } early ? new MonitorTracker(early.Monitor, early.MinDelta) : null;
            _directory = options.Checkpoint is { } checkpoint ? new RunDirectory(checkpoint.Directory) : null;
            _optimizer = OptimizerFactory.Create(options.Optimizer, model.parameters());
            OptimizerFactory.MakeStateContiguous(_optimizer);
        }

        /// <summary>The value that decides the best epoch.</summary>
        public TrainingMonitor BestMonitor { get; }

        /// <summary>Restores a checkpoint's state, weights and optimizer state (the caller has checked that they fit).</summary>
        public void Restore(CheckpointState state, TrainingCheckpointFile.Contents contents, string path)
        {
            ModelStateFormat.Load(_model, contents.Model, path);
            OptimizerFactory.LoadState(_optimizer, contents.Optimizer, _device, path);
            _epoch = state.Epoch;
            _batchesDone = state.BatchesDone;
            _step = state.Step;
            _partial = state.Partial;
            // An edited or damaged run state is bad input naming the file, not a libtorch abort (set_rng_state of a state of
            // the wrong size) or a bare range error from the trackers.
            _randomState = CheckedRandomState(state.RandomState, path);
            try
            {
                _schedule.Restore(state.Schedule);
                _best.Restore(state.Best);
                if (_early != null && state.EarlyStopping != null) _early.Restore(state.EarlyStopping);
                _ = new TrainingHistory(state.History, state.StopReason, BestMonitor, state.Best.BestEpoch, null); // checks the best epoch against the history
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The run state in {path} is not valid: {e.Message}", e);
            }
            _classWeights = state.ClassWeights;
            _history.AddRange(state.History);
            _stopReason = state.StopReason;
            if (_stopReason == TrainingStopReason.Completed && _epoch < _options.Epochs)
            {
                _logger.LogInformation("Resuming a completed run of {Done} epochs to run up to {Epochs}", _epoch, _options.Epochs);
                _stopReason = TrainingStopReason.InProgress;
            }
        }

        /// <summary>Runs epochs until the end, early stopping or cancellation, and returns the history.</summary>
        public TrainingHistory Execute(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            _clock.Start();
            if (_stopReason != TrainingStopReason.InProgress)
            {
                _logger.LogInformation("The run already ended ({Reason}) after {Epochs} epochs; nothing to do", _stopReason, _epoch);
                return History(_stopReason);
            }
            _directory?.Prepare(_logger);
            if (_classWeights == null && _options.Loss.BalancedClassWeights)
            {
                _classWeights = BalancedClassWeights(progress, cancellationToken);
                if (_classWeights == null) return Cancel(atBoundary: true);
            }
            _loss = new LczLoss(_model.OutputKind, _model.Options.Classes, _options.Loss with { ClassWeights = _classWeights }, _device);

            while (_stopReason == TrainingStopReason.InProgress)
            {
                if (_epoch >= _options.Epochs)
                {
                    _stopReason = TrainingStopReason.Completed;
                    break;
                }
                if (cancellationToken.IsCancellationRequested) return Cancel(atBoundary: _batchesDone == 0);
                if (!TrainEpoch(progress, cancellationToken)) return Cancel(atBoundary: false);
                var validationClock = Stopwatch.StartNew();
                EvaluationResult? validation;
                try
                {
                    validation = Validate(progress, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return Cancel(atBoundary: false);
                }
                EndEpoch(validation, validationClock.Elapsed.TotalSeconds, progress);
            }
            _logger.LogInformation("Training ended ({Reason}) after {Epochs} epochs in {Elapsed}; best epoch {Best} ({Monitor} = {Value})",
                _stopReason, _epoch, _clock.Elapsed, _best.BestEpoch, BestMonitor, _best.Best);
            return History(_stopReason);
        }

        public void Dispose()
        {
            _loss?.Dispose();
            _optimizer.Dispose();
        }

        private bool TrainEpoch(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            int epoch = _epoch;
            int classes = _model.Options.Classes;
            if (_batchesDone == 0)
            {
                manual_seed(EpochSeed(_options.Seed, epoch));
                _partial = new EpochProgressState(0, 0, 0, 0, _schedule.LearningRateAt(_step, epoch));
            }
            else
            {
                RestoreRandomState();
                _logger.LogInformation("Resuming epoch {Epoch} after batch {Batch} of {Batches}", epoch + 1, _batchesDone, _trainingBatches);
            }
            if (_batchesDone >= _trainingBatches) return true;

            EpochProgressState start = _partial!;
            var batchOptions = new BatchOptions
            {
                BatchSize = _options.BatchSize, Shuffle = _options.Shuffle, Seed = _options.Seed, DropLast = _options.DropLast, Prefetch = _options.Prefetch,
            };
            var watch = Stopwatch.StartNew();
            double learningRate = start.LearningRate;
            long samples = start.Samples;
            int index = 0;
            _model.train();
            using Tensor lossSum = tensor(start.LossSum, ScalarType.Float64, _device);
            using Tensor correct = tensor(start.Correct, ScalarType.Int64, _device);

            void Snapshot() => _partial = new EpochProgressState(
                lossSum.item<double>(), correct.item<long>(), samples, start.Seconds + watch.Elapsed.TotalSeconds, learningRate);

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
                    Snapshot();
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
                learningRate = _schedule.LearningRateAt(_step, epoch);
                OptimizerFactory.SetLearningRate(_optimizer, learningRate);
                using (var scope = NewDisposeScope())
                {
                    Tensor x = batch.ToTensor(_device);
                    Tensor y = batch.LabelsToTensor(_device);
                    Tensor output = _model.call(x);
                    Tensor loss = _loss!.Compute(output, y);
                    _optimizer.zero_grad();
                    loss.backward();
                    if (_options.GradientClipNorm is double clip) nn.utils.clip_grad_norm_(_model.parameters(), clip);
                    _optimizer.step();
                    if (!_stateContiguous)
                    {
                        OptimizerFactory.MakeStateContiguous(_optimizer);
                        _stateContiguous = true;
                    }
                    using (no_grad())
                    {
                        lossSum.add_(loss.detach().to_type(ScalarType.Float64) * batch.Count);
                        correct.add_(output.argmax(1).eq(y).sum());
                    }
                }
                _step++;
                index++;
                _batchesDone = index;
                samples += batch.Count;
                _workDone++;

                bool report = index % _options.ProgressEveryBatches == 0 || index == _trainingBatches;
                bool log = _options.LogEveryBatches > 0 && index % _options.LogEveryBatches == 0;
                if (report || log)
                {
                    double meanLoss = lossSum.item<double>() / samples;
                    double accuracy = correct.item<long>() / (double)samples;
                    CheckFinite(meanLoss, epoch + 1, index);
                    double rate = (samples - start.Samples) / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
                    if (report)
                        progress?.Report(new TrainingProgress(TrainingPhase.Training, epoch + 1, _options.Epochs, index, _trainingBatches, rate, Eta(),
                            _clock.Elapsed, meanLoss, accuracy, learningRate));
                    if (log)
                        _logger.LogDebug("Epoch {Epoch} batch {Batch}/{Batches}: loss {Loss:0.0000} accuracy {Accuracy:0.0000} lr {LearningRate:G6} ({Rate:0} samples/s)",
                            epoch + 1, index, _trainingBatches, meanLoss, accuracy, learningRate, rate);
                }
                if (_options.Checkpoint is { LastEveryBatches: > 0 } every && index % every.LastEveryBatches == 0 && index < _trainingBatches
                    && every.SaveLast && !cancellationToken.IsCancellationRequested)
                {
                    Snapshot();
                    SaveCheckpoint(_directory!.Last);
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    Snapshot();
                    return false;
                }
            }
            if (index != _trainingBatches)
                throw new InvalidOperationException($"The training source yielded {index} batches in epoch {epoch + 1}, but {_trainingBatches} were expected from its Info ({_training.Info.Count} patches).");
            Snapshot();
            return true;
        }

        private EvaluationResult? Validate(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            if (_validation == null) return null;
            var watch = Stopwatch.StartNew();
            int epoch = _epoch + 1;
            double learningRate = _partial!.LearningRate;
            EvaluationResult result = EvaluationPass.Run(_model, _loss!, _validation, _validationBatchSize, _options.Prefetch, _device, "validation",
                (batch, batches, loss, accuracy, samples) =>
                {
                    _workDone++;
                    if (batch % _options.ProgressEveryBatches == 0 || batch == batches)
                        progress?.Report(new TrainingProgress(TrainingPhase.Validation, epoch, _options.Epochs, batch, batches,
                            samples / Math.Max(watch.Elapsed.TotalSeconds, 1e-9), Eta(validationLeft: batches - batch), _clock.Elapsed, loss, accuracy, learningRate));
                },
                cancellationToken);
            return result;
        }

        private void EndEpoch(EvaluationResult? validation, double validationSeconds, IProgress<TrainingProgress>? progress)
        {
            EpochProgressState p = _partial!;
            var record = new EpochRecord
            {
                Epoch = _epoch + 1,
                LearningRate = p.LearningRate,
                TrainingLoss = p.LossSum / p.Samples,
                TrainingAccuracy = p.Correct / (double)p.Samples,
                TrainingSamples = p.Samples,
                DurationSeconds = p.Seconds + validationSeconds,
                SamplesPerSecond = p.Samples / Math.Max(p.Seconds, 1e-9),
            };
            CheckFinite(record.TrainingLoss, record.Epoch, _trainingBatches);
            if (validation != null) record = record.WithValidation(validation.Metrics, validation.Loss);
            _history.Add(record);

            if (_options.Schedule.Kind == LearningRateScheduleKind.ReduceOnPlateau)
            {
                double before = _schedule.LearningRateAt(_step, _epoch);
                if (_schedule.EndEpoch(record.Value(_options.Schedule.Monitor) ?? double.NaN))
                    _logger.LogInformation("Epoch {Epoch}: {Monitor} has not improved for {Patience} epochs; learning rate {Before:G6} -> {After:G6}",
                        record.Epoch, _options.Schedule.Monitor, _options.Schedule.Patience, before, _schedule.LearningRateAt(_step, _epoch));
            }
            bool isBest = _best.Update(record.Epoch, record.Value(BestMonitor) ?? double.NaN);
            bool stop = false;
            if (_early != null)
            {
                _early.Update(record.Epoch, record.Value(_early.Monitor) ?? double.NaN);
                stop = _early.EpochsWithoutImprovement >= _options.EarlyStopping!.Patience;
            }
            _epoch++;
            _batchesDone = 0;
            _partial = null;
            _randomState = null;
            if (stop) _stopReason = TrainingStopReason.EarlyStopped;
            else if (_epoch >= _options.Epochs) _stopReason = TrainingStopReason.Completed;

            EpochLog.Write(_logger, record, _options.Epochs, isBest ? BestMonitor : null);
            if (stop)
                _logger.LogInformation("Early stopping: {Monitor} has not improved for {Patience} epochs (best {Best} at epoch {BestEpoch})",
                    _early!.Monitor, _options.EarlyStopping!.Patience, _early.Best, _early.BestEpoch);
            WriteEpochFiles(isBest, record.Epoch);
            progress?.Report(new TrainingProgress(TrainingPhase.EpochEnd, record.Epoch, _options.Epochs, _trainingBatches, _trainingBatches,
                record.SamplesPerSecond, _stopReason == TrainingStopReason.InProgress ? Eta() : TimeSpan.Zero, _clock.Elapsed,
                record.TrainingLoss, record.TrainingAccuracy, record.LearningRate, record));
        }

        private TrainingHistory Cancel(bool atBoundary)
        {
            _logger.LogInformation(atBoundary
                ? "Training cancelled before epoch {Epoch}"
                : "Training cancelled in epoch {Epoch} after batch {Batch}", _epoch + 1, _batchesDone);
            if (_directory != null && _options.Checkpoint!.SaveLast)
            {
                SaveCheckpoint(_directory.Last);
                WriteHistoryFiles(TrainingStopReason.Cancelled);
                _logger.LogInformation("Wrote {Checkpoint}; resume with LczTrainer.Resume", _directory.Last);
            }
            else
            {
                _logger.LogWarning("Training cancelled without a checkpoint directory: the run cannot be resumed");
            }
            return History(TrainingStopReason.Cancelled);
        }

        private float[]? BalancedClassWeights(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            var options = new BatchOptions { BatchSize = Math.Max(_options.BatchSize, 256), Shuffle = false, Prefetch = _options.Prefetch };
            return LabelCounter.BalancedWeights(_training, _model.Options.Classes, options, _logger,
                (done, batches) =>
                {
                    if (done % _options.ProgressEveryBatches == 0 || done == batches)
                        progress?.Report(new TrainingProgress(TrainingPhase.Preparing, _epoch + 1, _options.Epochs, done, batches, 0, null, _clock.Elapsed,
                            double.NaN, double.NaN, _options.Optimizer.LearningRate));
                },
                cancellationToken);
        }

        private TimeSpan? Eta(int? validationLeft = null)
        {
            if (_workDone == 0) return null;
            long perEpoch = _trainingBatches + _validationBatches;
            long remaining = validationLeft is int left
                ? left
                : (_trainingBatches - _batchesDone) + _validationBatches;
            remaining += Math.Max(0, _options.Epochs - _epoch - 1) * perEpoch;
            return TimeSpan.FromTicks((long)(_clock.Elapsed.Ticks * (remaining / (double)_workDone)));
        }

        private TrainingHistory History(TrainingStopReason reason) =>
            new(_history, reason, BestMonitor, _best.BestEpoch, _directory?.Path);

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
