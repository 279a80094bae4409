using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Computes the learning rate of every optimizer update from <see cref="LearningRateScheduleOptions"/> (the formulas
    /// are documented there) and, for <see cref="LearningRateScheduleKind.ReduceOnPlateau"/>, tracks the monitored value
    /// epoch by epoch.
    /// </summary>
    public sealed class LearningRateSchedule
    {
        private double _plateauRate;
        private double? _best;
        private int _wait;
        private int _cooldown;

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
            _plateauRate = baseLearningRate;
        }

        /// <summary>The schedule's options.</summary>
        public LearningRateScheduleOptions Options { get; }

        /// <summary>The base learning rate lr.</summary>
        public double BaseLearningRate { get; }

        /// <summary>The run's epoch count.</summary>
        public int TotalEpochs { get; }

        /// <summary>The state to store in a checkpoint.</summary>
        public LearningRateScheduleState State => new(_plateauRate, _best, _wait, _cooldown);

        /// <summary>The learning rate of optimizer update <paramref name="step"/> (0-based over the run) in epoch <paramref name="epoch"/> (0-based).</summary>
        /// <exception cref="ArgumentOutOfRangeException">A negative step or epoch.</exception>
        public double LearningRateAt(long step, int epoch)
        {
            if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be 0 or more.");
            if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "The epoch must be 0 or more.");
            switch (Options.Kind)
            {
                case LearningRateScheduleKind.Constant:
                    return BaseLearningRate;
                case LearningRateScheduleKind.KerasInverseTimeDecay:
                    return BaseLearningRate / (1.0 + Options.Decay * step);
                case LearningRateScheduleKind.StepDecay:
                    return BaseLearningRate * Math.Pow(Options.Factor, epoch / Options.StepEpochs);
                case LearningRateScheduleKind.ReduceOnPlateau:
                    return _plateauRate;
                case LearningRateScheduleKind.Cosine:
                    int period = Options.CosineEpochs ?? TotalEpochs;
                    double progress = Math.Min(epoch, period) / (double)period;
                    double min = Options.MinLearningRate;
                    return min + (BaseLearningRate - min) * (1.0 + Math.Cos(Math.PI * progress)) / 2.0;
                default:
                    throw new InvalidOperationException($"Unknown schedule {Options.Kind}.");
            }
        }

        /// <summary>
        /// Tells the schedule an epoch has ended. Only <see cref="LearningRateScheduleKind.ReduceOnPlateau"/> reacts, with
        /// Keras' <c>ReduceLROnPlateau</c> rule; it returns true when it reduced the rate.
        /// </summary>
        /// <param name="value">The monitored value of the epoch (<see cref="LearningRateScheduleOptions.Monitor"/>).</param>
        public bool EndEpoch(double value)
        {
            if (Options.Kind != LearningRateScheduleKind.ReduceOnPlateau) return false;
            if (_cooldown > 0)
            {
                _cooldown--;
                _wait = 0;
            }
            if (Options.Monitor.Improves(value, _best, Options.MinDelta))
            {
                _best = value;
                _wait = 0;
                return false;
            }
            if (_cooldown > 0) return false;
            _wait++;
            if (_wait < Options.Patience || !(_plateauRate > Options.MinLearningRate)) return false;
            _plateauRate = Math.Max(_plateauRate * Options.Factor, Options.MinLearningRate);
            _cooldown = Options.Cooldown;
            _wait = 0;
            return true;
        }

        /// <summary>Restores a state saved from <see cref="State"/>.</summary>
        public void Restore(LearningRateScheduleState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            _plateauRate = state.LearningRate;
            _best = state.Best;
            _wait = state.Wait;
            _cooldown = state.CooldownCounter;
        }
    }
}
