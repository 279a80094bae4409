using System;
using System.Diagnostics;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// Reports a run's progress to an <see cref="IProgress{T}"/> as typed <see cref="TrainingProgress"/> records: a
    /// <see cref="PreparationProgress"/>, <see cref="TrainingBatchProgress"/> or <see cref="ValidationBatchProgress"/>
    /// every N batches and at the end of each phase, and an <see cref="EpochEndProgress"/> per epoch, with samples per
    /// second and an ETA. <see cref="LczTrainer.Fit"/> adds one, last, for its progress argument; add your own to report
    /// elsewhere. It reads the training loss only when it reports, so the device is synchronised every N batches.
    /// </summary>
    public sealed class TrainingProgressCallback : TrainingCallback
    {
        private readonly IProgress<TrainingProgress> _progress;
        private readonly Stopwatch _phase = new();
        private long _phaseStartSamples;
        private long _workDone;

        /// <summary>Creates the reporter.</summary>
        /// <param name="progress">Receives the reports (synchronously, on the training thread).</param>
        /// <param name="everyBatches">Report every N batches (and always at the end of a phase).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="everyBatches"/> is below 1.</exception>
        public TrainingProgressCallback(IProgress<TrainingProgress> progress, int everyBatches = 10)
        {
            ArgumentNullException.ThrowIfNull(progress);
            if (everyBatches < 1) throw new ArgumentOutOfRangeException(nameof(everyBatches), everyBatches, "Report every 1 or more batches.");
            _progress = progress;
            EveryBatches = everyBatches;
        }

        /// <summary>Batches between two reports.</summary>
        public int EveryBatches { get; }

        /// <inheritdoc />
        public override void OnTrainBegin(TrainingContext context) => _workDone = 0;

        /// <inheritdoc />
        public override void OnPreparationBatchEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (Due(context)) _progress.Report(new PreparationProgress(context.Batch, context.Batches, context.Epochs, context.Elapsed));
        }

        /// <inheritdoc />
        public override void OnEpochBegin(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            _phase.Restart();
            _phaseStartSamples = context.TrainingSamples;
        }

        /// <inheritdoc />
        public override void OnTrainBatchEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            _workDone++;
            if (!Due(context)) return;
            long remaining = context.TrainingBatches - context.Batch + context.ValidationBatches + LaterEpochs(context);
            _progress.Report(new TrainingBatchProgress(context.Epoch, context.Epochs, context.Batch, context.Batches, context.TrainingLoss,
                context.TrainingAccuracy, context.LastLearningRate, Rate(context.TrainingSamples - _phaseStartSamples), Eta(context, remaining), context.Elapsed));
        }

        /// <inheritdoc />
        public override void OnValidationBatchEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Batch == 1) _phase.Restart();
            _workDone++;
            if (!Due(context)) return;
            long remaining = context.ValidationBatches - context.Batch + LaterEpochs(context);
            _progress.Report(new ValidationBatchProgress(context.Epoch, context.Epochs, context.Batch, context.Batches, context.ValidationLoss,
                context.ValidationAccuracy, Rate(context.ValidationSamples), Eta(context, remaining), context.Elapsed));
        }

        /// <inheritdoc />
        public override void OnEpochEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            bool last = context.StopReason != TrainingStopReason.InProgress;
            _progress.Report(new EpochEndProgress(context.Epoch, context.Epochs, context.Record!, last,
                last ? TimeSpan.Zero : Eta(context, LaterEpochs(context)), context.Elapsed));
        }

        private bool Due(TrainingContext context) => context.Batch % EveryBatches == 0 || context.Batch == context.Batches;

        private double Rate(long samples) => samples / Math.Max(_phase.Elapsed.TotalSeconds, 1e-9);

        /// <summary>Batches of the epochs after the current one.</summary>
        private static long LaterEpochs(TrainingContext context) =>
            (long)Math.Max(0, context.Epochs - context.Epoch) * (context.TrainingBatches + context.ValidationBatches);

        /// <summary>The time <paramref name="remaining"/> batches take at the pace since the run started, or null before any batch.</summary>
        private TimeSpan? Eta(TrainingContext context, long remaining) =>
            _workDone == 0 ? null : TimeSpan.FromTicks((long)(context.Elapsed.Ticks * (remaining / (double)_workDone)));
    }
}
