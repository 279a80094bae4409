using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Stop training when a monitored value has not improved for some epochs (Keras' <c>EarlyStopping</c>: an epoch
    /// improves when its value beats the best so far by more than <see cref="MinDelta"/>; training stops after
    /// <see cref="Patience"/> epochs in a row without improvement).
    /// </summary>
    public sealed record EarlyStoppingOptions
    {
        /// <summary>The watched value. Default validation loss.</summary>
        public TrainingMonitor Monitor { get; init; } = TrainingMonitor.ValidationLoss;

        /// <summary>Epochs without improvement before stopping. Default 15 (the seed's value).</summary>
        public int Patience { get; init; } = 15;

        /// <summary>The least change that counts as an improvement (absolute). Default 0 (Keras' default).</summary>
        public double MinDelta { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public EarlyStoppingOptions Validate()
        {
            if (!Enum.IsDefined(Monitor)) throw new ArgumentException($"Invalid early-stopping option Monitor: {(int)Monitor} is not a monitored value.", nameof(Monitor));
            if (Patience < 1) throw new ArgumentException($"Invalid early-stopping option Patience: must be at least 1 (got {Patience}).", nameof(Patience));
            if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
                throw new ArgumentException($"Invalid early-stopping option MinDelta: must be a finite value of 0 or more (got {MinDelta}).", nameof(MinDelta));
            return this;
        }
    }
}
