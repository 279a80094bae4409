using System;
using Microsoft.Extensions.Logging;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// Keras' <c>ReduceLROnPlateau</c>: after each epoch, when <see cref="ReduceOnPlateauSchedule.Monitor"/> has not
    /// improved by more than its MinDelta for Patience epochs, sets the learning rate
    /// (<see cref="TrainingContext.LearningRate"/>) to max(rate x Factor, MinLearningRate), then lets Cooldown epochs pass
    /// before counting again. The trainer adds one when <see cref="TrainerOptions.Schedule"/> is a
    /// <see cref="ReduceOnPlateauSchedule"/>; with another schedule you may add your own instance, which then overrides
    /// the schedule from its first reduction on.
    /// </summary>
    public sealed class ReduceLearningRateOnPlateau : TrainingCallback, IStatefulTrainingCallback, IMonitoringCallback, ILegacyCheckpointState
    {
        private const string Tag = "ReduceLearningRateOnPlateau";
        private double? _best;
        private int _wait;
        private int _cooldown;
        private bool _warnedMissing;

        /// <summary>Creates the callback.</summary>
        /// <exception cref="ArgumentException">An option is out of range.</exception>
        public ReduceLearningRateOnPlateau(ReduceOnPlateauSchedule options)
        {
            ArgumentNullException.ThrowIfNull(options);
            Options = (ReduceOnPlateauSchedule)options.Validate();
        }

        /// <summary>The options.</summary>
        public ReduceOnPlateauSchedule Options { get; }

        /// <inheritdoc />
        public TrainingMonitor Monitor => Options.Monitor;

        /// <inheritdoc />
        public string Purpose => "reduce-on-plateau";

        /// <inheritdoc />
        public string StateKey => Tag;

        /// <inheritdoc />
        public override void OnTrainBegin(TrainingContext context)
        {
            _best = null;
            _wait = 0;
            _cooldown = 0;
            _warnedMissing = false;
        }

        /// <inheritdoc />
        public override void OnEpochEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Value(Monitor) is not double value)
            {
                if (!_warnedMissing)
                    context.Logger.LogWarning("Reduce-on-plateau watches {Monitor}, which epoch {Epoch} does not have; the epoch is skipped", Monitor, context.Epoch);
                _warnedMissing = true;
                return;
            }
            double before = context.LearningRate;
            if (Step(value, before) is not double after) return;
            context.LearningRate = after;
            context.Logger.LogInformation("Epoch {Epoch}: {Monitor} has not improved for {Patience} epochs; learning rate {Before:G6} -> {After:G6}",
                context.Epoch, Monitor, Options.Patience, before, after);
        }

        /// <summary>Keras' <c>on_epoch_end</c> for one value: the new rate when it reduces <paramref name="rate"/>, else null.</summary>
        internal double? Step(double value, double rate)
        {
            if (_cooldown > 0)
            {
                _cooldown--;
                _wait = 0;
            }
            if (Monitor.Improves(value, _best, Options.MinDelta))
            {
                _best = value;
                _wait = 0;
                return null;
            }
            if (_cooldown > 0) return null;
            _wait++;
            if (_wait < Options.Patience || !(rate > Options.MinLearningRate)) return null;
            _cooldown = Options.Cooldown;
            _wait = 0;
            return Math.Max(rate * Options.Factor, Options.MinLearningRate);
        }

        /// <inheritdoc />
        public byte[] SaveState() => CallbackState.Write(Tag, 1, writer =>
        {
            writer.Write(_best.HasValue);
            writer.Write(_best ?? 0);
            writer.Write(_wait);
            writer.Write(_cooldown);
        });

        /// <inheritdoc />
        public void LoadState(byte[] state)
        {
            (double? best, int wait, int cooldown) = CallbackState.Read(state, Tag, 1, reader =>
            {
                bool hasBest = reader.ReadBoolean();
                double b = reader.ReadDouble();
                int w = reader.ReadInt32(), c = reader.ReadInt32();
                if (w < 0 || c < 0) throw new System.IO.InvalidDataException($"The saved {Tag} state is corrupt (wait {w}, cooldown {c}).");
                return (hasBest ? b : (double?)null, w, c);
            });
            _best = best;
            _wait = wait;
            _cooldown = cooldown;
        }

        void ILegacyCheckpointState.RestoreLegacy(CheckpointState state)
        {
            if (state.Schedule is not { } schedule) return;
            _best = schedule.Best;
            _wait = schedule.Wait;
            _cooldown = schedule.CooldownCounter;
        }
    }
}
