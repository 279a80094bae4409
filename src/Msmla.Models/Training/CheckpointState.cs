using System;
using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Training
{
    /// <summary>The run state stored as JSON in a checkpoint: enough, with the weights and optimizer state, to resume exactly.</summary>
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

        public LearningRateScheduleState Schedule { get; init; } = new(0, null, 0, 0);

        public TrainingMonitor BestMonitor { get; init; }

        public MonitorTrackerState Best { get; init; } = new(null, 0, 0);

        public MonitorTrackerState? EarlyStopping { get; init; }

        /// <summary>The class weights in use (given or computed as balanced), or null.</summary>
        public float[]? ClassWeights { get; init; }

        public List<EpochRecord> History { get; init; } = new();

        public TrainingStopReason StopReason { get; init; }

        /// <summary>TorchSharp's CPU generator state at the checkpoint (base64), for exact mid-epoch resumes.</summary>
        public string? RandomState { get; init; }
    }
}
