using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Preprocessing;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// What a <see cref="ITrainingCallback"/> sees of a run and may do to it: the model, the optimizer, the options, the
    /// position (epoch, batch, step), the metrics so far, the learning rate, extra per-epoch values
    /// (<see cref="Log"/>), a decision to stop (<see cref="StopTraining"/>) and a resumable checkpoint
    /// (<see cref="SaveCheckpoint"/>). One context serves every hook of a run; use it only inside a hook.
    /// </summary>
    /// <remarks>
    /// The training metrics live on the training device and are read lazily: <see cref="TrainingLoss"/> and
    /// <see cref="TrainingAccuracy"/> wait for the device (one small copy) the first time they are read after a batch, so
    /// a callback that reads them every N batches costs a synchronisation every N batches, not every batch.
    /// </remarks>
    public sealed class TrainingContext
    {
        private readonly TrainingRun _run;

        internal TrainingContext(TrainingRun run) => _run = run;

        /// <summary>The model being trained (in train mode during training batches, eval mode during validation).</summary>
        public LczModel Model => _run.Model;

        /// <summary>The TorchSharp optimizer that updates the model (its state and parameter groups).</summary>
        public OptimizerHelper Optimizer => _run.Optimizer;

        /// <summary>The trainer's options.</summary>
        public TrainerOptions Options => _run.Options;

        /// <summary>What turns raw data into the model's input (read off the training source).</summary>
        public InputPipeline Input => _run.Input;

        /// <summary>The device the run trains on.</summary>
        public Device Device => _run.Device;

        /// <summary>The trainer's logger.</summary>
        public ILogger Logger => _run.Logger;

        /// <summary>The token that cancels the run.</summary>
        public CancellationToken CancellationToken => _run.CancellationToken;

        /// <summary>Whether the run continues a checkpoint (<see cref="LczTrainer.Resume"/>).</summary>
        public bool IsResumed => _run.IsResumed;

        /// <summary>The most epochs of the run (<see cref="TrainerOptions.Epochs"/>).</summary>
        public int Epochs => _run.Options.Epochs;

        /// <summary>
        /// The 1-based epoch in progress (epoch and batch hooks) or just ended (<see cref="ITrainingCallback.OnEpochEnd"/>);
        /// in <see cref="ITrainingCallback.OnTrainBegin"/> and <see cref="ITrainingCallback.OnTrainEnd"/> the number of finished epochs.
        /// </summary>
        public int Epoch => _run.ContextEpoch;

        /// <summary>Finished epochs.</summary>
        public int CompletedEpochs => _run.CompletedEpochs;

        /// <summary>
        /// Batches done in the current phase: training batches of the epoch (in <see cref="ITrainingCallback.OnTrainBatchBegin"/>
        /// the ones before this batch), validation batches, or label-count batches.
        /// </summary>
        public int Batch => _run.ContextBatch;

        /// <summary>Batches of the current phase in all (training batches per epoch, validation batches, or label-count batches).</summary>
        public int Batches => _run.ContextBatches;

        /// <summary>Training batches per epoch.</summary>
        public int TrainingBatches => _run.TrainingBatches;

        /// <summary>Validation batches per epoch (0 without a validation source).</summary>
        public int ValidationBatches => _run.ValidationBatches;

        /// <summary>Whether the run has a validation source.</summary>
        public bool HasValidation => _run.ValidationBatches > 0;

        /// <summary>Optimizer updates done over the run.</summary>
        public long Step => _run.Step;

        /// <summary>Time since the run (or the resume) started.</summary>
        public TimeSpan Elapsed => _run.Elapsed;

        /// <summary>
        /// The learning rate of the next update: the one a callback set, else the schedule's
        /// (<see cref="TrainerOptions.Schedule"/>). Setting it overrides the schedule for every later update (a
        /// reduce-on-plateau callback sets it when it reduces); the override is kept in checkpoints.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value set is negative, NaN or infinite.</exception>
        public double LearningRate
        {
            get => _run.NextLearningRate;
            set
            {
                Guard();
                if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "A learning rate must be finite and 0 or more.");
                _run.LearningRateOverride = value;
            }
        }

        /// <summary>The learning rate of the last update (the base rate before the first).</summary>
        public double LastLearningRate => _run.LastLearningRate;

        /// <summary>The mean training loss of the epoch so far (NaN before its first batch). Reading it waits for the device once per batch.</summary>
        public double TrainingLoss => _run.Sums?.Loss ?? double.NaN;

        /// <summary>The training accuracy of the epoch so far (NaN before its first batch). Reading it waits for the device once per batch.</summary>
        public double TrainingAccuracy => _run.Sums?.Accuracy ?? double.NaN;

        /// <summary>Training samples of the epoch so far.</summary>
        public long TrainingSamples => _run.Sums?.Samples ?? 0;

        /// <summary>The mean validation loss so far, during the validation batches (NaN otherwise; at the epoch's end see <see cref="Record"/>).</summary>
        public double ValidationLoss => _run.ValidationLoss;

        /// <summary>The validation accuracy so far, during the validation batches (NaN otherwise).</summary>
        public double ValidationAccuracy => _run.ValidationAccuracy;

        /// <summary>Validation samples so far, during the validation batches (0 otherwise).</summary>
        public long ValidationSamples => _run.ValidationSamples;

        /// <summary>In <see cref="ITrainingCallback.OnEpochEnd"/>: the epoch's record with the values logged so far; otherwise null.</summary>
        public EpochRecord? Record => _run.CurrentRecord;

        /// <summary>The finished epochs (in <see cref="ITrainingCallback.OnEpochEnd"/> including the one that just ended).</summary>
        public IReadOnlyList<EpochRecord> FinishedEpochs => _run.Records;

        /// <summary>The value of <paramref name="monitor"/> in the epoch that just ended, or null (outside <see cref="ITrainingCallback.OnEpochEnd"/>, or the epoch does not have it).</summary>
        public double? Value(TrainingMonitor monitor) => _run.CurrentRecord is EpochRecord record ? record.Value(monitor) : null;

        /// <summary>The decision to stop, once a callback has made one; otherwise null.</summary>
        public TrainingStopDecision? StopDecision => _run.StopDecision;

        /// <summary>
        /// Why the run ends, in <see cref="ITrainingCallback.OnTrainEnd"/>; during the run
        /// <see cref="TrainingStopReason.InProgress"/>, or the reason the run will end with after the current epoch.
        /// </summary>
        public TrainingStopReason StopReason => _run.CurrentStopReason;

        /// <summary>
        /// Logs an extra value of the epoch in progress under <paramref name="name"/> (a later value of the same name
        /// replaces it). It appears in <see cref="EpochRecord.Logged"/>, in the history's CSV and JSON and in its learning
        /// curves, and can be monitored (<see cref="TrainingMonitor.Logged"/>) by callbacks that run after this one.
        /// Allowed from <see cref="ITrainingCallback.OnEpochBegin"/> to <see cref="ITrainingCallback.OnEpochEnd"/>.
        /// </summary>
        /// <exception cref="ArgumentException">The name is not a valid logged-value name or is a built-in value's name.</exception>
        /// <exception cref="InvalidOperationException">Called outside an epoch (or outside a hook).</exception>
        public void Log(string name, double value)
        {
            Guard();
            _run.Log(name, value);
        }

        /// <summary>
        /// Decides to end the run after the current epoch (its validation and every callback's
        /// <see cref="ITrainingCallback.OnEpochEnd"/> still run; from <see cref="ITrainingCallback.OnTrainBegin"/>, before the
        /// first epoch). The history records the decision (<see cref="TrainingHistory.StopDecision"/>: this callback's type
        /// name and <paramref name="reason"/>) with <see cref="TrainingStopReason.EarlyStopped"/>, unlike a cancellation.
        /// The first decision of a run counts; later ones are logged and ignored.
        /// </summary>
        /// <exception cref="ArgumentException">The reason is empty.</exception>
        /// <exception cref="InvalidOperationException">Called outside a hook, or in <see cref="ITrainingCallback.OnTrainEnd"/>.</exception>
        public void StopTraining(string reason)
        {
            Guard();
            ArgumentException.ThrowIfNullOrWhiteSpace(reason);
            _run.RequestStop(reason);
        }

        /// <summary>
        /// Writes a resumable checkpoint of the run as it is now to each of <paramref name="paths"/> (one capture, each file
        /// written atomically): the weights, the optimizer state, the run state and every
        /// <see cref="IStatefulTrainingCallback"/>'s state. <see cref="LczTrainer.Resume"/> continues from it. The built-in
        /// <see cref="ModelCheckpoint"/> writes its files with it.
        /// </summary>
        /// <exception cref="ArgumentException">No path, or an empty one.</exception>
        /// <exception cref="InvalidOperationException">Called outside a hook.</exception>
        public void SaveCheckpoint(params string[] paths)
        {
            Guard();
            ArgumentNullException.ThrowIfNull(paths);
            if (paths.Length == 0 || paths.Any(string.IsNullOrEmpty)) throw new ArgumentException("Give one or more checkpoint paths, none empty.", nameof(paths));
            _run.SaveCheckpoint(paths);
        }

        /// <summary>The history so far, as <see cref="LczTrainer.Fit"/> would return it now.</summary>
        public TrainingHistory ToHistory() => _run.History();

        private void Guard()
        {
            if (_run.CurrentCallback == null)
                throw new InvalidOperationException("The training context can only be used inside a callback's hook, while the trainer calls it.");
        }
    }
}
