using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Where and when the trainer writes checkpoints (run by the <see cref="Callbacks.ModelCheckpoint"/> callback). A run
    /// directory holds <c>last.ckpt</c> (written after every epoch, on cancellation, and every
    /// <see cref="LastEveryBatches"/> batches), <c>best.ckpt</c> and <c>best-model.dat</c> (the best epoch by
    /// <see cref="BestMonitor"/>; <c>best-model.dat</c> is a saved model, written by <see cref="LczModels.Save"/> with its
    /// sidecar and input pipeline, so <see cref="LczModels.Load"/> opens it), optional <c>epoch-NNNN.ckpt</c> snapshots,
    /// and <c>history.json</c> / <c>history.csv</c>. Every file is written to a temporary name and renamed into place, so
    /// a crash never leaves a partial file under these names. The <c>.ckpt</c> format is described in the README
    /// (section Training).
    /// </summary>
    public sealed record CheckpointOptions
    {
        /// <summary>The run directory (created when missing).</summary>
        public string Directory { get; init; } = "checkpoints";

        /// <summary>The value that decides the best epoch: a built-in metric or a value a callback logs. Default validation loss.</summary>
        public TrainingMonitor BestMonitor { get; init; } = TrainingMonitor.ValidationLoss;

        /// <summary>Whether to write <c>best.ckpt</c> and <c>best-model.dat</c>. Default true.</summary>
        public bool SaveBest { get; init; } = true;

        /// <summary>Whether to write <c>last.ckpt</c> (needed to resume). Default true.</summary>
        public bool SaveLast { get; init; } = true;

        /// <summary>
        /// Keep a snapshot <c>epoch-NNNN.ckpt</c> of each of the most recent N epochs (older ones are deleted). Default 0: none.
        /// </summary>
        public int KeepEpochs { get; init; }

        /// <summary>
        /// Also write <c>last.ckpt</c> every N training batches within an epoch (0 = only at epoch ends and on cancellation),
        /// so a crash loses at most N batches. Default 0.
        /// </summary>
        public int LastEveryBatches { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public CheckpointOptions Validate()
        {
            if (string.IsNullOrWhiteSpace(Directory)) Fail(nameof(Directory), "is empty");
            if (BestMonitor is null) Fail(nameof(BestMonitor), "is null");
            if (KeepEpochs < 0) Fail(nameof(KeepEpochs), $"must be 0 or more (got {KeepEpochs})");
            if (LastEveryBatches < 0) Fail(nameof(LastEveryBatches), $"must be 0 or more (got {LastEveryBatches})");
            return this;

            static void Fail(string option, string problem) =>
                throw new ArgumentException($"Invalid checkpoint option {option}: {problem}.", option);
        }
    }
}
