using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// Writes a run directory (<see cref="CheckpointOptions"/>): <c>last.ckpt</c> after every epoch, every
    /// <see cref="CheckpointOptions.LastEveryBatches"/> batches and on cancellation; <c>best.ckpt</c> and
    /// <c>best-model.dat</c> (a saved model with its input pipeline, <see cref="LczModels.Save"/>) when
    /// <see cref="CheckpointOptions.BestMonitor"/> improves; <c>epoch-NNNN.ckpt</c> snapshots; and the history as JSON
    /// and CSV. The trainer adds one for <see cref="TrainerOptions.Checkpoint"/>; give your own instance (with that option
    /// null) to replace it. Put it after callbacks whose logged values or state it should record.
    /// </summary>
    public sealed class ModelCheckpoint : TrainingCallback, IStatefulTrainingCallback, IMonitoringCallback, ILegacyCheckpointState
    {
        private const string Tag = "ModelCheckpoint";
        private readonly RunDirectory _directory;
        private MonitorTracker _best;
        private bool _warnedMissing;

        /// <summary>Creates the callback (the directory is created when the run starts).</summary>
        /// <exception cref="ArgumentException">An option is out of range.</exception>
        public ModelCheckpoint(CheckpointOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            Options = options.Validate();
            _directory = new RunDirectory(options.Directory);
            _best = new MonitorTracker(options.BestMonitor);
        }

        /// <summary>The options.</summary>
        public CheckpointOptions Options { get; }

        /// <summary>The run directory (full path).</summary>
        public string Directory => _directory.Path;

        /// <inheritdoc />
        public TrainingMonitor Monitor => Options.BestMonitor;

        /// <inheritdoc />
        public string Purpose => "the best checkpoint";

        /// <inheritdoc />
        public string StateKey => Tag;

        /// <summary>The best value so far and its epoch (the tracker's state).</summary>
        public MonitorTrackerState State => _best.State;

        /// <summary>Creates the directory and removes temporary files an interrupted write left.</summary>
        public override void OnTrainBegin(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            _best = new MonitorTracker(Options.BestMonitor);
            _warnedMissing = false;
            _directory.Prepare(context.Logger);
        }

        /// <summary>Writes <c>last.ckpt</c> every <see cref="CheckpointOptions.LastEveryBatches"/> batches within an epoch.</summary>
        public override void OnTrainBatchEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (Options.LastEveryBatches > 0 && Options.SaveLast && context.Batch % Options.LastEveryBatches == 0 && context.Batch < context.Batches
                && !context.CancellationToken.IsCancellationRequested)
                context.SaveCheckpoint(_directory.Last);
        }

        /// <summary>Writes the epoch's files.</summary>
        public override void OnEpochEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            bool isBest = false;
            if (context.Value(Monitor) is double value)
            {
                isBest = _best.Update(context.Epoch, value);
            }
            else if (!_warnedMissing)
            {
                context.Logger.LogWarning("The best checkpoint follows {Monitor}, which epoch {Epoch} does not have; the epoch cannot be the best", Monitor, context.Epoch);
                _warnedMissing = true;
            }

            var paths = new List<string>();
            // last.ckpt first: when the disk fills up while the best files are written, the run still resumes from this
            // epoch (each file is replaced atomically, so the previous last.ckpt stays until the new one is complete).
            if (Options.SaveLast) paths.Add(_directory.Last);
            if (isBest && Options.SaveBest) paths.Add(_directory.Best);
            if (Options.KeepEpochs > 0) paths.Add(_directory.EpochSnapshot(context.Epoch));
            if (paths.Count > 0) context.SaveCheckpoint(paths.ToArray());
            if (isBest && Options.SaveBest) LczModels.Save(context.Model, _directory.BestModel, context.Input);
            if (Options.KeepEpochs > 0) _directory.PruneEpochSnapshots(Options.KeepEpochs);
            WriteHistory(context);
        }

        /// <summary>On cancellation writes a resumable <c>last.ckpt</c>; always writes the final history.</summary>
        public override void OnTrainEnd(TrainingContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.StopReason == TrainingStopReason.Cancelled && Options.SaveLast)
            {
                context.SaveCheckpoint(_directory.Last);
                context.Logger.LogInformation("Wrote {Checkpoint}; resume with LczTrainer.Resume", _directory.Last);
            }
            WriteHistory(context);
        }

        /// <inheritdoc />
        public byte[] SaveState() => CallbackState.Write(Tag, 1, writer => CallbackState.WriteTracker(writer, _best.State));

        /// <inheritdoc />
        public void LoadState(byte[] state) => _best.Restore(CallbackState.Read(state, Tag, 1, CallbackState.ReadTracker));

        void ILegacyCheckpointState.RestoreLegacy(CheckpointState state)
        {
            if (state.Best is MonitorTrackerState best) _best.Restore(best);
        }

        private void WriteHistory(TrainingContext context)
        {
            TrainingHistory history = context.ToHistory();
            history.WriteJson(_directory.HistoryJson);
            history.WriteCsv(_directory.HistoryCsv);
        }
    }
}
