using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Stop training when a monitored value has not improved for some epochs, as Keras' <c>EarlyStopping</c>: an epoch
    /// improves when its value beats the best so far by more than <see cref="MinDelta"/>; the run stops after
    /// <see cref="Patience"/> epochs in a row without improvement (never at its first epoch). The trainer runs it as the
    /// <see cref="Callbacks.EarlyStopping"/> callback.
    /// </summary>
    public sealed record EarlyStoppingOptions
    {
        /// <summary>The watched value: a built-in metric or a value a callback logs. Default validation loss.</summary>
        public TrainingMonitor Monitor { get; init; } = TrainingMonitor.ValidationLoss;

        /// <summary>Epochs without improvement before stopping. Default 15 (the seed's value).</summary>
        public int Patience { get; init; } = 15;

        /// <summary>The least change that counts as an improvement (absolute). Default 0 (Keras' default).</summary>
        public double MinDelta { get; init; }

        /// <summary>
        /// When the run stops early, put back the weights of the best epoch (the model's parameters and BatchNorm
        /// statistics at the end of that epoch), as Keras' <c>restore_best_weights</c>. The callback keeps a copy of the
        /// best weights in memory and in checkpoints. A run that does not stop early keeps its last weights, as in Keras.
        /// Default false.
        /// </summary>
        public bool RestoreBestWeights { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public EarlyStoppingOptions Validate()
        {
            if (Monitor is null) throw new ArgumentException("Invalid early-stopping option Monitor: it is null.", nameof(Monitor));
            if (Patience < 1) throw new ArgumentException($"Invalid early-stopping option Patience: must be at least 1 (got {Patience}).", nameof(Patience));
            if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
                throw new ArgumentException($"Invalid early-stopping option MinDelta: must be a finite value of 0 or more (got {MinDelta}).", nameof(MinDelta));
            return this;
        }
    }
}
