using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// Stops the run when <see cref="EarlyStoppingOptions.Monitor"/> has not improved for
    /// <see cref="EarlyStoppingOptions.Patience"/> epochs, as Keras' <c>EarlyStopping</c>, and with
    /// <see cref="EarlyStoppingOptions.RestoreBestWeights"/> puts back the best epoch's weights when it stops. The trainer
    /// adds one for <see cref="TrainerOptions.EarlyStopping"/>; give your own instances (with that option null) to replace
    /// or combine it.
    /// </summary>
    /// <remarks>
    /// Keras' rule, epoch by epoch: the count of epochs without improvement grows by one, or returns to 0 when the value
    /// beats the best by more than MinDelta (in the monitor's direction); when the count reaches Patience after the first
    /// epoch, the run stops. An epoch without the value (a logged value no callback logged) is skipped with a warning.
    /// </remarks>
    public sealed class EarlyStopping : TrainingCallback, IStatefulTrainingCallback, IMonitoringCallback, ILegacyCheckpointState, IDisposable
    {
        private const string Tag = "EarlyStopping";
        private MonitorTracker _tracker;
        private Dictionary<string, Tensor>? _bestWeights;
        private bool _warnedMissing;

        /// <summary>Creates the callback.</summary>
        /// <exception cref="ArgumentException">An option is out of range.</exception>
        public EarlyStopping(EarlyStoppingOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            Options = options.Validate();
            _tracker = new MonitorTracker(options.Monitor, options.MinDelta);
        }

        /// <summary>The options.</summary>
        public EarlyStoppingOptions Options { get; }

        /// <inheritdoc />
        public TrainingMonitor Monitor => Options.Monitor;

        /// <inheritdoc />
        public string Purpose => "early stopping";

        /// <inheritdoc />
        public string StateKey => Tag;

        /// <summary>The best value so far and its epoch, and the epochs since (the tracker's state).</summary>
        public MonitorTrackerState State => _tracker.State;

        /// <summary>The 1-based epoch after which this callback stopped the run, or 0.</summary>
        public int StoppedEpoch { get; private set; }

        /// <inheritdoc />
        public override void OnTrainBegin(TrainingContext context)
        {
            _tracker = new MonitorTracker(Options.Monitor, Options.MinDelta);
            StoppedEpoch = 0;
            _warnedMissing = false;
            DisposeBestWeights();
        }

        /// <inheritdoc />
        public override void OnEpochEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Value(Monitor) is not double value)
            {
                if (!_warnedMissing)
                    context.Logger.LogWarning("Early stopping watches {Monitor}, which epoch {Epoch} does not have (is a callback logging it before the early stopping?); the epoch is skipped",
                        Monitor, context.Epoch);
                _warnedMissing = true;
                return;
            }
            if (_tracker.Update(context.Epoch, value) && Options.RestoreBestWeights)
            {
                DisposeBestWeights();
                _bestWeights = ModelStateFormat.Copy(context.Model);
            }
            if (_tracker.EpochsWithoutImprovement < Options.Patience || context.Epoch <= 1) return;

            StoppedEpoch = context.Epoch;
            string reason = $"{Monitor} has not improved for {Options.Patience} epochs (best {_tracker.Best:G6} in epoch {_tracker.BestEpoch})";
            if (_bestWeights != null)
            {
                ModelStateFormat.Apply(context.Model, _bestWeights, "the early stopping's best weights");
                reason += $"; restored the weights of epoch {_tracker.BestEpoch}";
            }
            context.StopTraining(reason);
        }

        /// <inheritdoc />
        public byte[] SaveState() => CallbackState.Write(Tag, 1, writer =>
        {
            CallbackState.WriteTracker(writer, _tracker.State);
            writer.Write(StoppedEpoch);
            writer.Write(_bestWeights != null);
            if (_bestWeights == null) return;
            using var weights = new MemoryStream();
            ModelStateFormat.Write(_bestWeights, weights);
            writer.Write(weights.Length);
            writer.Write(weights.GetBuffer(), 0, (int)weights.Length);
        });

        /// <inheritdoc />
        public void LoadState(byte[] state)
        {
            (MonitorTrackerState tracker, int stopped, byte[]? weights) = CallbackState.Read(state, Tag, 1, reader =>
            {
                MonitorTrackerState t = CallbackState.ReadTracker(reader);
                int s = reader.ReadInt32();
                byte[]? w = null;
                if (reader.ReadBoolean())
                {
                    long length = reader.ReadInt64();
                    if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                        throw new InvalidDataException($"The saved {Tag} state announces {length} bytes of weights but has {reader.BaseStream.Length - reader.BaseStream.Position}.");
                    w = reader.ReadBytes((int)length);
                }
                return (t, s, w);
            });
            Dictionary<string, Tensor>? best = weights == null ? null : ModelStateFormat.Read(weights, "the early stopping's saved best weights");
            _tracker.Restore(tracker);
            StoppedEpoch = stopped;
            DisposeBestWeights();
            _bestWeights = best;
        }

        void ILegacyCheckpointState.RestoreLegacy(CheckpointState state)
        {
            if (state.EarlyStopping is MonitorTrackerState tracker) _tracker.Restore(tracker);
        }

        /// <summary>Releases the copy of the best weights.</summary>
        public void Dispose() => DisposeBestWeights();

        private void DisposeBestWeights()
        {
            if (_bestWeights == null) return;
            foreach (Tensor t in _bestWeights.Values) t.Dispose();
            _bestWeights = null;
        }
    }
}
