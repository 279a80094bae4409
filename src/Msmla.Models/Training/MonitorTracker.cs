using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Follows one monitored value over epochs: the best value and its epoch, and how many epochs have passed without
    /// improvement (Keras' counting: an improvement resets the count, any other epoch adds one). Early stopping and the
    /// best checkpoint each use one; so can your own monitoring callbacks.
    /// </summary>
    public sealed class MonitorTracker
    {
        private double? _best;
        private int _bestEpoch;
        private int _wait;

        /// <summary>Creates a tracker of <paramref name="monitor"/>; an improvement must beat the best by more than <paramref name="minDelta"/>.</summary>
        public MonitorTracker(TrainingMonitor monitor, double minDelta = 0)
        {
            ArgumentNullException.ThrowIfNull(monitor);
            if (!(minDelta >= 0) || double.IsInfinity(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "The minimum delta must be finite and 0 or more.");
            Monitor = monitor;
            MinDelta = minDelta;
        }

        /// <summary>The watched value.</summary>
        public TrainingMonitor Monitor { get; }

        /// <summary>The least change that counts as an improvement.</summary>
        public double MinDelta { get; }

        /// <summary>The best value so far, or null before the first epoch.</summary>
        public double? Best => _best;

        /// <summary>The 1-based epoch of the best value (0 before any).</summary>
        public int BestEpoch => _bestEpoch;

        /// <summary>Epochs in a row without improvement.</summary>
        public int EpochsWithoutImprovement => _wait;

        /// <summary>The state to store in a checkpoint.</summary>
        public MonitorTrackerState State => new(_best, _bestEpoch, _wait);

        /// <summary>Records an epoch's value; returns true when it is an improvement (it then becomes the best).</summary>
        /// <param name="epoch">The 1-based epoch.</param>
        /// <param name="value">Its monitored value.</param>
        public bool Update(int epoch, double value)
        {
            if (Monitor.Improves(value, _best, MinDelta))
            {
                _best = value;
                _bestEpoch = epoch;
                _wait = 0;
                return true;
            }
            _wait++;
            return false;
        }

        /// <summary>Restores a state saved from <see cref="State"/>.</summary>
        public void Restore(MonitorTrackerState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            _best = state.Best;
            _bestEpoch = state.BestEpoch;
            _wait = state.Wait;
        }
    }
}
