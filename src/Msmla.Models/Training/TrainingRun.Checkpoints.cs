using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Msmla.Models.Training.Callbacks;
using Msmla.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>The checkpoint side of a run: capturing its state, writing it, and restoring the callbacks' states on resume.</summary>
    internal sealed partial class TrainingRun
    {
        /// <summary>Writes one capture of the run to every path (<see cref="TrainingContext.SaveCheckpoint"/>).</summary>
        public void SaveCheckpoint(IReadOnlyList<string> paths)
        {
            TrainingCheckpointFile.Contents contents = Capture();
            foreach (string path in paths) TrainingCheckpointFile.Write(path, contents);
            if (_inTrainEnd) _checkpointWrittenAtEnd = true;
        }

        /// <summary>The run as a checkpoint: its state, the weights, the optimizer state and the stateful callbacks' states.</summary>
        private TrainingCheckpointFile.Contents Capture()
        {
            string? random = null;
            if (_batchesDone > 0)
            {
                using Tensor generator = get_rng_state();
                random = Convert.ToBase64String(generator.bytes);
            }
            TrainingStopReason reason = CurrentStopReason;
            var state = new CheckpointState
            {
                SavedAt = DateTimeOffset.UtcNow,
                ModelName = Model.Info.Name,
                Architecture = Model.Architecture,
                ModelOptions = Model.Options,
                Options = Options,
                Training = SourceShape.Of(_training.Info),
                Validation = _validation == null ? null : SourceShape.Of(_validation.Info),
                Input = Input,
                Augmentation = _training.Info.Augmentation,
                AugmentationSeed = _training.Info.AugmentationSeed,
                Epoch = _epoch,
                BatchesDone = _batchesDone,
                Step = Step,
                Partial = _batchesDone > 0 ? CurrentPartial() : null,
                LearningRateOverride = LearningRateOverride,
                BestMonitor = BestMonitor,
                ClassWeights = _classWeights,
                History = _history.ToList(),
                // A cancelled run is resumable: its checkpoint says it is in progress (its history file says cancelled).
                StopReason = reason == TrainingStopReason.Cancelled ? TrainingStopReason.InProgress : reason,
                StopDecision = StopDecision,
                RandomState = random,
            };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(state, TrainingJson.Options);
            var callbacks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach ((string key, IStatefulTrainingCallback callback) in _stateful) callbacks.Add(key, callback.SaveState());
            return new TrainingCheckpointFile.Contents(json, ModelStateFormat.Save(Model), OptimizerFactory.SaveState(Optimizer), callbacks);
        }

        /// <summary>
        /// Gives each stateful callback its state from the checkpoint being resumed (after <see cref="ITrainingCallback.OnTrainBegin"/>);
        /// version 1 checkpoints kept the built-ins' states in their run state.
        /// </summary>
        private void RestoreCallbackStates()
        {
            TrainingCheckpointFile.Contents contents = _restored!;
            foreach ((string key, IStatefulTrainingCallback callback) in _stateful)
            {
                if (contents.Callbacks.TryGetValue(key, out byte[]? state))
                {
                    callback.LoadState(state);
                }
                else if (contents.Version == 1 && callback is ILegacyCheckpointState legacy)
                {
                    legacy.RestoreLegacy(_restoredState!);
                }
                else
                {
                    Logger.LogWarning("The checkpoint holds no state for the callback {Key} ({Callback}): it starts afresh, so the run may not repeat the uninterrupted one",
                        key, callback.GetType().Name);
                }
            }
            foreach (string key in contents.Callbacks.Keys.Where(k => _stateful.All(s => s.Key != k)))
                Logger.LogWarning("The checkpoint holds the state of a callback {Key} that this run does not have; it is ignored", key);
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
