using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Models.Weights;
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
            // last.ckpt first: when the disk fills up while the best files are written, the run still resumes from this
            // epoch (each file is replaced atomically, so the previous last.ckpt stays until the new one is complete).
            if (options.SaveLast) TrainingCheckpointFile.Write(_directory.Last, Contents());
            if (isBest && options.SaveBest)
            {
                TrainingCheckpointFile.Write(_directory.Best, Contents());
                LczModels.Save(_model, _directory.BestModel, _input);
            }
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
                Input = _input,
                Augmentation = _training.Info.Augmentation,
                AugmentationSeed = _training.Info.AugmentationSeed,
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

        /// <summary>The recorded generator state when it is one of this libtorch's CPU generator (base64 of its size), else refused.</summary>
        private static string? CheckedRandomState(string? random, string path)
        {
            if (random == null) return null;
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(random);
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"The run state in {path} is not valid: its RandomState is not base64 text.");
            }
            using Tensor current = get_rng_state();
            int expected = current.bytes.Length;
            if (bytes.Length != expected)
                throw new InvalidDataException($"The run state in {path} is not valid: its RandomState holds {bytes.Length} bytes, but the random generator's state has {expected}.");
            return random;
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
