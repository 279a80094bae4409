using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using Msmla.Core.IO;
using Msmla.Core.Runtime;
using Msmla.Models.Training.Callbacks;
using Msmla.Models.Weights;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Everything that defines a training run. A plain record that round-trips through System.Text.Json (enums as
    /// strings), so a run is reproducible from its options file: same options, same seed, same data, same history on the
    /// CPU. <see cref="TrainingRecipes"/> returns the published recipes.
    /// </summary>
    public sealed record TrainerOptions
    {
        /// <summary>The most epochs to run. Default 100.</summary>
        public int Epochs { get; init; } = 100;

        /// <summary>Training patches per batch. Default 32.</summary>
        public int BatchSize { get; init; } = 32;

        /// <summary>Patches per batch for validation, <see cref="LczTrainer.Evaluate"/>; null = <see cref="BatchSize"/>.</summary>
        public int? ValidationBatchSize { get; init; }

        /// <summary>Whether to shuffle the training patches each epoch (from <see cref="Seed"/> and the epoch). Default true.</summary>
        public bool Shuffle { get; init; } = true;

        /// <summary>Whether to drop a last training batch smaller than <see cref="BatchSize"/>. Default false.</summary>
        public bool DropLast { get; init; }

        /// <summary>Batches a source may prepare ahead on a background thread (<see cref="Msmla.Core.Data.BatchOptions.Prefetch"/>). Default 2.</summary>
        public int Prefetch { get; init; } = 2;

        /// <summary>
        /// The seed of the run: the shuffle (<see cref="Msmla.Core.Data.BatchOptions.Seed"/>) and TorchSharp's global generator,
        /// reseeded at every epoch from (seed, epoch), which drives dropout. Default 0.
        /// </summary>
        public int Seed { get; init; }

        /// <summary>Where to train: CPU, CUDA, or CUDA when available (default).</summary>
        [JsonConverter(typeof(JsonStringEnumConverter<ComputeDevice>))]
        public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

        /// <summary>
        /// Train with channels-last convolutions: true switches the model with <see cref="LczModel.UseChannelsLast"/> (for
        /// good) before training, which took 8-20 % less CPU time per training step for these networks (single thread,
        /// batch 32, 32x32x10) and is the fast layout on CUDA; false leaves the model's layout as it is; null (default) is
        /// true when training on the CPU and false on CUDA. Results differ from NCHW's only by float32 rounding (another
        /// summation order), so runs are reproducible within one choice. Checkpoints and saved models
        /// (<see cref="LczModels.Save"/>) do not depend on the layout.
        /// </summary>
        public bool? ChannelsLast { get; init; }

        /// <summary>
        /// libtorch's CPU threads for <see cref="LczTrainer.Fit"/>, <see cref="LczTrainer.Resume"/> and
        /// <see cref="LczTrainer.Evaluate"/>, applied when they start and restored when they end. Default automatic: the
        /// cores the process may use (<see cref="AvailableCores"/>), or <c>OMP_NUM_THREADS</c> when set. Results are
        /// repeatable bit for bit only with the same count; a resumed run may use another.
        /// </summary>
        public TorchThreads Threads { get; init; } = TorchThreads.Automatic;

        /// <summary>
        /// The number formats of a training step: float32 (default) or <see cref="TrainingPrecision.BFloat16Mixed"/> (bfloat16
        /// forward and backward, float32 master weights and optimizer). Validation and evaluation run in float32. A run may be
        /// resumed in another precision.
        /// </summary>
        public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

        /// <summary>Allow TensorFloat-32 matrix multiplications and convolutions on CUDA (Ampere and later; faster, ~10-bit mantissa). Default false.</summary>
        public bool AllowTf32 { get; init; }

        /// <summary>The optimizer (<see cref="AdamOptions"/>, <see cref="NadamOptions"/>, <see cref="AdamWOptions"/>, <see cref="SgdOptions"/>). Default Keras' Adam with learning rate 0.002.</summary>
        public OptimizerOptions Optimizer { get; init; } = OptimizerOptions.KerasAdam(0.002);

        /// <summary>
        /// The learning-rate schedule. Default constant. A <see cref="ReduceOnPlateauSchedule"/> makes the trainer add a
        /// <see cref="Callbacks.ReduceLearningRateOnPlateau"/> callback.
        /// </summary>
        public LearningRateScheduleOptions Schedule { get; init; } = new ConstantSchedule();

        /// <summary>The loss. Default plain cross-entropy.</summary>
        public LossOptions Loss { get; init; } = new();

        /// <summary>Early stopping (run by a <see cref="Callbacks.EarlyStopping"/> callback), or null (then only your own callbacks can stop the run).</summary>
        public EarlyStoppingOptions? EarlyStopping { get; init; }

        /// <summary>Checkpoints (written by a <see cref="Callbacks.ModelCheckpoint"/> callback), or null to write none (then a cancelled run cannot be resumed).</summary>
        public CheckpointOptions? Checkpoint { get; init; }

        /// <summary>Clip the global L2 norm of the gradients to this value before each update; null = no clipping.</summary>
        public double? GradientClipNorm { get; init; }

        /// <summary>Report <see cref="TrainingProgress"/> every N batches (and always at the end of each phase). Default 10.</summary>
        public int ProgressEveryBatches { get; init; } = 10;

        /// <summary>Log a debug line every N training batches; 0 = only the per-epoch information line. Default 0.</summary>
        public int LogEveryBatches { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public TrainerOptions Validate()
        {
            if (Epochs < 1) Fail(nameof(Epochs), $"must be at least 1 (got {Epochs})");
            if (BatchSize < 1) Fail(nameof(BatchSize), $"must be at least 1 (got {BatchSize})");
            if (ValidationBatchSize < 1) Fail(nameof(ValidationBatchSize), $"must be at least 1 (got {ValidationBatchSize})");
            if (Prefetch < 0) Fail(nameof(Prefetch), $"must be 0 or more (got {Prefetch})");
            if (!Enum.IsDefined(Device)) Fail(nameof(Device), $"{(int)Device} is not a device choice");
            if (!Enum.IsDefined(Precision)) Fail(nameof(Precision), $"{(int)Precision} is not a training precision");
            if (Optimizer == null) Fail(nameof(Optimizer), "is null");
            if (Schedule == null) Fail(nameof(Schedule), "is null");
            if (Loss == null) Fail(nameof(Loss), "is null");
            if (Threads == null) Fail(nameof(Threads), "is null");
            if (GradientClipNorm is double clip && (!(clip > 0) || double.IsInfinity(clip))) Fail(nameof(GradientClipNorm), $"must be a positive finite value (got {clip})");
            if (ProgressEveryBatches < 1) Fail(nameof(ProgressEveryBatches), $"must be at least 1 (got {ProgressEveryBatches})");
            if (LogEveryBatches < 0) Fail(nameof(LogEveryBatches), $"must be 0 or more (got {LogEveryBatches})");
            Optimizer!.Validate();
            Schedule!.Validate();
            Loss!.Validate();
            Threads!.Validate();
            EarlyStopping?.Validate();
            Checkpoint?.Validate();
            return this;

            static void Fail(string option, string problem) =>
                throw new ArgumentException($"Invalid trainer option {option}: {problem}.", option);
        }

        /// <summary>
        /// The callbacks these options stand for, in the order the trainer runs them after your own: a
        /// <see cref="Callbacks.ReduceLearningRateOnPlateau"/> for a <see cref="ReduceOnPlateauSchedule"/>, an
        /// <see cref="Callbacks.EarlyStopping"/> for <see cref="EarlyStopping"/>, a <see cref="Callbacks.ModelCheckpoint"/>
        /// for <see cref="Checkpoint"/>. New instances at every call; creating them touches no file.
        /// </summary>
        public IReadOnlyList<ITrainingCallback> CreateCallbacks()
        {
            var callbacks = new List<ITrainingCallback>();
            if (Schedule is ReduceOnPlateauSchedule plateau) callbacks.Add(new ReduceLearningRateOnPlateau(plateau));
            if (EarlyStopping is { } early) callbacks.Add(new Callbacks.EarlyStopping(early));
            if (Checkpoint is { } checkpoint) callbacks.Add(new ModelCheckpoint(checkpoint));
            return callbacks;
        }

        /// <summary>
        /// What in these options watches validation values, one phrase each (for example "early stopping on ValidationLoss"):
        /// a run with any of them needs a validation source. Empty when the options watch training values only. The trainer
        /// asks the same of the callbacks you give it (<see cref="Callbacks.IMonitoringCallback"/>).
        /// </summary>
        public IReadOnlyList<string> ValidationNeeds() => ValidationRequirements.Of(CreateCallbacks());

        /// <summary>The options as indented JSON (enums as strings).</summary>
        public string ToJson() => JsonSerializer.Serialize(this, TrainingJson.Options);

        /// <summary>
        /// Reads options written by <see cref="ToJson"/> (or by hand: property names in any case, comments and trailing
        /// commas allowed). Unknown properties are refused, so a misspelt option such as <c>"BatchSise"</c> is an error
        /// naming it and its JSON path instead of silently leaving the default.
        /// </summary>
        /// <exception cref="JsonException">The text is not valid options JSON, or has a property the options do not have.</exception>
        public static TrainerOptions FromJson(string json)
        {
            ArgumentNullException.ThrowIfNull(json);
            return JsonSerializer.Deserialize<TrainerOptions>(json, TrainingJson.Options)
                ?? throw new JsonException("The JSON text holds null instead of trainer options.");
        }

        /// <summary>Writes the options as JSON to <paramref name="path"/> (atomically).</summary>
        public void Save(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            string json = ToJson();
            AtomicFile.WriteAllText(path, json);
        }

        /// <summary>Reads options from a JSON file.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="JsonException">The file is not valid options JSON or has an unknown property (the message names the file and the property).</exception>
        public static TrainerOptions Load(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"The trainer options file {path} does not exist.", path);
            try
            {
                return FromJson(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                string where = e.Path is { Length: > 0 } member ? $" at {member}" : "";
                throw new JsonException($"{path} is not a valid trainer options file{where}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
            }
        }
    }
}
