using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Computes the learning rate of every optimizer update from <see cref="LearningRateScheduleOptions"/> (the formulas are
    /// documented on each kind). <see cref="ReduceOnPlateauSchedule"/> gives the base rate here: its callback
    /// (<see cref="Callbacks.ReduceLearningRateOnPlateau"/>) sets the rate when it reduces.
    /// </summary>
    public sealed class LearningRateSchedule
    {
        /// <summary>Creates the schedule of a run.</summary>
        /// <param name="options">The schedule.</param>
        /// <param name="baseLearningRate">The optimizer's learning rate, lr in the formulas.</param>
        /// <param name="totalEpochs">The run's epoch count (the default cosine period).</param>
        /// <exception cref="ArgumentException">An option is out of range.</exception>
        public LearningRateSchedule(LearningRateScheduleOptions options, double baseLearningRate, int totalEpochs)
        {
            ArgumentNullException.ThrowIfNull(options);
            Options = options.Validate();
            if (!(baseLearningRate >= 0) || double.IsInfinity(baseLearningRate))
                throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, "The base learning rate must be finite and 0 or more.");
            if (totalEpochs < 1) throw new ArgumentOutOfRangeException(nameof(totalEpochs), totalEpochs, "The epoch count must be at least 1.");
            BaseLearningRate = baseLearningRate;
            TotalEpochs = totalEpochs;
        }

        /// <summary>The schedule's options.</summary>
        public LearningRateScheduleOptions Options { get; }

        /// <summary>The base learning rate lr.</summary>
        public double BaseLearningRate { get; }

        /// <summary>The run's epoch count.</summary>
        public int TotalEpochs { get; }

        /// <summary>The learning rate of optimizer update <paramref name="step"/> (0-based over the run) in epoch <paramref name="epoch"/> (0-based).</summary>
        /// <exception cref="ArgumentOutOfRangeException">A negative step or epoch.</exception>
        public double LearningRateAt(long step, int epoch)
        {
            if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be 0 or more.");
            if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "The epoch must be 0 or more.");
            return Options.LearningRateAt(BaseLearningRate, step, epoch, TotalEpochs);
        }
    }
}
