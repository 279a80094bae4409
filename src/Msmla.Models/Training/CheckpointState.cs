using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The run state stored as JSON in a checkpoint: enough, with the weights, the optimizer state and the callbacks'
    /// states, to resume exactly.
    /// </summary>
    internal sealed record CheckpointState
    {
        public int FormatVersion { get; init; } = TrainingCheckpointFile.FormatVersion;

        public DateTimeOffset SavedAt { get; init; }

        public string ModelName { get; init; } = "";

        public LczArchitecture Architecture { get; init; }

        public LczModelOptions ModelOptions { get; init; } = new();

        public TrainerOptions Options { get; init; } = new();

        public SourceShape Training { get; init; } = new(0, 0, 0, 0, 0);

        public SourceShape? Validation { get; init; }

        /// <summary>The input pipeline of the training source (what the saved models record); null in checkpoints written before it was kept.</summary>
        public InputPipeline? Input { get; init; }

        /// <summary>The augmentation of the training source, or null.</summary>
        public AugmentationOptions? Augmentation { get; init; }

        /// <summary>The seed of <see cref="Augmentation"/>.</summary>
        public int? AugmentationSeed { get; init; }

        /// <summary>The 0-based epoch to run next or in progress.</summary>
        public int Epoch { get; init; }

        /// <summary>Training batches of <see cref="Epoch"/> already done (0 = the epoch has not started).</summary>
        public int BatchesDone { get; init; }

        /// <summary>Optimizer updates done over the run.</summary>
        public long Step { get; init; }

        /// <summary>The sums of the epoch in progress when <see cref="BatchesDone"/> is above 0.</summary>
        public EpochProgressState? Partial { get; init; }

        /// <summary>The learning rate a callback set (<see cref="Callbacks.TrainingContext.LearningRate"/>), or null when the schedule rules.</summary>
        public double? LearningRateOverride { get; init; }

        /// <summary>The value that decides the history's best epoch.</summary>
        public TrainingMonitor BestMonitor { get; init; } = TrainingMonitor.ValidationLoss;

        /// <summary>The class weights in use (given or computed as balanced), or null.</summary>
        public float[]? ClassWeights { get; init; }

        public List<EpochRecord> History { get; init; } = new();

        public TrainingStopReason StopReason { get; init; }

        /// <summary>A callback's decision to stop, or null.</summary>
        public TrainingStopDecision? StopDecision { get; init; }

        /// <summary>TorchSharp's CPU generator state at the checkpoint (base64), for exact mid-epoch resumes.</summary>
        public string? RandomState { get; init; }

        /// <summary>Version 1 only: the reduce-on-plateau state (now the callback's).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public LegacyScheduleState? Schedule { get; init; }

        /// <summary>Version 1 only: the best checkpoint's tracker (now the callback's).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public MonitorTrackerState? Best { get; init; }

        /// <summary>Version 1 only: the early stopping's tracker (now the callback's).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public MonitorTrackerState? EarlyStopping { get; init; }

        /// <summary>The reduce-on-plateau state as version 1 checkpoints kept it.</summary>
        internal sealed record LegacyScheduleState(double LearningRate, double? Best, int Wait, int CooldownCounter);
    }
}
