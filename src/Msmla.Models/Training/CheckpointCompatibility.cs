using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Training
{
    /// <summary>Refuses to resume a checkpoint into a different model, data or run, with a message that says what differs.</summary>
    internal static class CheckpointCompatibility
    {
        /// <summary>Checks that the model has the checkpoint's architecture and options (the initialisation seed may differ).</summary>
        public static void CheckModel(string path, CheckpointState state, LczModel model)
        {
            if (state.Architecture != model.Architecture)
                throw new InvalidDataException(
                    $"Cannot use {path}: it holds a {state.ModelName} ({state.Architecture}) run, but the model is {model.Info.Name} ({model.Architecture}).");
            if (state.ModelOptions with { Seed = null } != model.Options with { Seed = null })
                throw new InvalidDataException(
                    $"Cannot use {path}: its {state.ModelName} was built with options {state.ModelOptions with { Seed = null }}, " +
                    $"but the model has {model.Options with { Seed = null }}.");
        }

        /// <summary>Checks the model, the sources and the options that shape the run's trajectory.</summary>
        public static void Check(string path, CheckpointState state, LczModel model, TrainerOptions options, IPatchSource training, IPatchSource? validation, ILogger logger)
        {
            CheckModel(path, state, model);
            SourceShape trainingShape = SourceShape.Of(training.Info);
            if (state.Training != trainingShape)
                throw new InvalidDataException($"Cannot resume from {path}: its run trained on {state.Training}, but the training source has {trainingShape}.");
            var input = InputPipeline.FromSource(training.Info);
            if (state.Input != null && !state.Input.Equals(input))
                throw new InvalidDataException(
                    $"Cannot resume from {path}: its run trained on data prepared as {state.Input.Describe()}, but the training source is prepared as {input.Describe()}.");
            if (state.Input != null && (state.Augmentation != training.Info.Augmentation || state.AugmentationSeed != training.Info.AugmentationSeed))
                logger.LogWarning("Resuming {Checkpoint}, whose run augmented its training data with {Recorded} (seed {RecordedSeed}), with {Current} (seed {CurrentSeed}): the run will not repeat the uninterrupted one",
                    path, state.Augmentation?.ToString() ?? "none", state.AugmentationSeed, training.Info.Augmentation?.ToString() ?? "none", training.Info.AugmentationSeed);
            SourceShape? validationShape = validation == null ? null : SourceShape.Of(validation.Info);
            if (state.Validation != validationShape)
                throw new InvalidDataException(
                    $"Cannot resume from {path}: its run validated on {Describe(state.Validation)}, but the validation source is {Describe(validationShape)}.");

            TrainerOptions saved = state.Options;
            var differences = new List<string>();
            void Compare<T>(string name, T checkpoint, T current)
            {
                if (!EqualityComparer<T>.Default.Equals(checkpoint, current)) differences.Add($"{name} (checkpoint: {checkpoint}; now: {current})");
            }

            Compare(nameof(TrainerOptions.Seed), saved.Seed, options.Seed);
            Compare(nameof(TrainerOptions.BatchSize), saved.BatchSize, options.BatchSize);
            Compare(nameof(TrainerOptions.ValidationBatchSize), saved.ValidationBatchSize, options.ValidationBatchSize);
            Compare(nameof(TrainerOptions.Shuffle), saved.Shuffle, options.Shuffle);
            Compare(nameof(TrainerOptions.DropLast), saved.DropLast, options.DropLast);
            Compare(nameof(TrainerOptions.Optimizer), saved.Optimizer, options.Optimizer);
            Compare(nameof(TrainerOptions.Schedule), saved.Schedule, options.Schedule);
            Compare(nameof(TrainerOptions.Loss), saved.Loss, options.Loss);
            Compare(nameof(TrainerOptions.EarlyStopping), saved.EarlyStopping, options.EarlyStopping);
            Compare(nameof(TrainerOptions.GradientClipNorm), saved.GradientClipNorm, options.GradientClipNorm);
            if (options.Checkpoint != null && saved.Checkpoint != null) Compare("Checkpoint.BestMonitor", saved.Checkpoint.BestMonitor, options.Checkpoint.BestMonitor);
            if (differences.Count > 0)
                throw new InvalidDataException(
                    $"Cannot resume from {path}: the trainer's options differ from the run's in {string.Join("; ", differences)}. " +
                    "Resume with the run's options (LczTrainer.ReadCheckpoint(path).Options, changing only Epochs, Device, AllowTf32, " +
                    "ChannelsLast, Precision, Prefetch, progress, logging or the checkpoint directory) or start a new run with Fit.");
        }

        private static string Describe(SourceShape? shape) => shape?.ToString() ?? "none";
    }
}
