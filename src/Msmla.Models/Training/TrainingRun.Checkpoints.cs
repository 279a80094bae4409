using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>The checkpoint side of a run: capturing its state and writing the files of its run directory.</summary>
    internal sealed partial class TrainingRun
    {
        private void WriteEpochFiles(bool isBest, int epoch)
        {
            if (_directory == null) return;
            CheckpointOptions options = _options.Checkpoint!;
            TrainingCheckpointFile.Contents? contents = null;
            TrainingCheckpointFile.Contents Contents() => contents ??= Capture();
            if (isBest && options.SaveBest)
            {
                TrainingCheckpointFile.Contents c = Contents();
                TrainingCheckpointFile.Write(_directory.Best, c);
                AtomicFile.Write(_directory.BestModel, temporary => File.WriteAllBytes(temporary, c.Model));
            }
            if (options.SaveLast) TrainingCheckpointFile.Write(_directory.Last, Contents());
            if (options.KeepEpochs > 0)
            {
                TrainingCheckpointFile.Write(_directory.EpochSnapshot(epoch), Contents());
                _directory.PruneEpochSnapshots(options.KeepEpochs);
            }
            WriteHistoryFiles(_stopReason);
        }

        private void WriteHistoryFiles(TrainingStopReason reason)
        {
            if (_directory == null) return;
            TrainingHistory history = History(reason);
            history.WriteJson(_directory.HistoryJson);
            history.WriteCsv(_directory.HistoryCsv);
        }

        private void SaveCheckpoint(string path) => TrainingCheckpointFile.Write(path, Capture());

        private TrainingCheckpointFile.Contents Capture()
        {
            string? random = null;
            if (_batchesDone > 0)
            {
                using Tensor generator = get_rng_state();
                random = Convert.ToBase64String(generator.bytes);
            }
            var state = new CheckpointState
            {
                SavedAt = DateTimeOffset.UtcNow,
                ModelName = _model.Info.Name,
                Architecture = _model.Architecture,
                ModelOptions = _model.Options,
                Options = _options,
                Training = SourceShape.Of(_training.Info),
                Validation = _validation == null ? null : SourceShape.Of(_validation.Info),
                Epoch = _epoch,
                BatchesDone = _batchesDone,
                Step = _step,
                Partial = _batchesDone > 0 ? _partial : null,
                Schedule = _schedule.State,
                BestMonitor = BestMonitor,
                Best = _best.State,
                EarlyStopping = _early?.State,
                ClassWeights = _classWeights,
                History = _history.ToList(),
                StopReason = _stopReason,
                RandomState = random,
            };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(state, TrainingJson.Options);
            return new TrainingCheckpointFile.Contents(json, ModelStateFormat.Save(_model), OptimizerFactory.SaveState(_optimizer));
        }

        private void RestoreRandomState()
        {
            if (_randomState == null) return;
            byte[] bytes = Convert.FromBase64String(_randomState);
            using Tensor state = tensor(bytes, ScalarType.Byte);
            set_rng_state(state);
            _randomState = null;
        }

    }
}
