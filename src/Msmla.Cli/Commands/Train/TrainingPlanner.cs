using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Training;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>Resolves a <see cref="TrainingPlan"/>: recipe or options file, command-line overrides, model shape from the data.</summary>
    internal static class TrainingPlanner
    {
        /// <summary>The plan of a new run.</summary>
        public static TrainingPlan ForNewRun(TrainSettings settings, PatchSourceInfo training, ILogger logger)
        {
            ModelSpec spec = settings.Model ?? throw new InvalidOperationException("A new run needs a model.");
            TrainingRecipe? recipe = null;
            TrainerOptions trainer;
            bool fromFile = settings.TrainerOptionsFile != null;
            if (fromFile)
            {
                trainer = ReadTrainerOptions(settings.TrainerOptionsFile!);
            }
            else
            {
                try
                {
                    recipe = settings.RecipeName != null ? TrainingRecipes.Get(settings.RecipeName) : TrainingRecipes.For(spec.Architecture);
                }
                catch (ArgumentException e)
                {
                    throw CliException.Usage(e.Message);
                }
                trainer = recipe.Trainer;
            }
            trainer = Override(trainer, settings);
            Validate(trainer, fromFile, settings);

            // The input shape always follows the training data; the other model options come from --options.
            LczModelOptions options = spec.Options with
            {
                Bands = training.Channels,
                Classes = training.ClassCount,
                PatchSize = training.Height,
                Seed = spec.Options.Seed ?? trainer.Seed,
            };
            logger.LogInformation("Model {Model}: {Bands} bands, {Classes} classes, {Size}x{Size} patches (from the training data), initialisation seed {Seed}",
                ModelNames.IdOf(spec.Architecture), options.Bands, options.Classes, options.PatchSize, options.PatchSize, options.Seed);
            var model = spec with { Options = options };
            ModelArguments.Check(model, settings.ModelFromFile);
            return new TrainingPlan(model, trainer, recipe?.Name, Effective(settings.Augmentation ?? recipe?.Augmentation));
        }

        /// <summary>
        /// Reads a trainer options file with the library's reader (<see cref="TrainerOptions.Load"/>: unknown properties
        /// refused, names in any case, comments allowed); a missing or invalid file is an input error (exit code 2) naming
        /// the file, the property and its JSON path.
        /// </summary>
        public static TrainerOptions ReadTrainerOptions(string path)
        {
            if (!File.Exists(path)) throw CliException.Input($"The trainer options file {path} does not exist.");
            try
            {
                return TrainerOptions.Load(path);
            }
            catch (JsonException e)
            {
                throw CliException.Input(e.Message, e);
            }
        }

        /// <summary>
        /// The plan of a resumed run: model and trainer options from the checkpoint, the augmentation the checkpoint records
        /// unless <c>--augment</c> says otherwise (the trainer warns when it differs), the allowed overrides from the command line.
        /// </summary>
        public static TrainingPlan ForResume(TrainSettings settings, TrainingCheckpointInfo checkpoint)
        {
            if (settings.Seed is int seed && seed != checkpoint.Options.Seed)
                throw CliException.Usage($"--seed {seed} differs from the checkpoint's seed {checkpoint.Options.Seed}; a resumed run keeps its seed.");
            if (settings.BatchSize is int batch && batch != checkpoint.Options.BatchSize)
                throw CliException.Usage($"--batch-size {batch} differs from the checkpoint's {checkpoint.Options.BatchSize}; a resumed run keeps its batch size.");
            if (settings.ClipNorm is double clip && clip != checkpoint.Options.GradientClipNorm)
                throw CliException.Usage($"--clip-norm {clip} differs from the checkpoint's gradient clipping ({checkpoint.Options.GradientClipNorm?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); " +
                    "a resumed run keeps it. Start a new run with --clip-norm (--overwrite or another --output).");
            TrainerOptions trainer = Override(checkpoint.Options, settings with { Seed = null, BatchSize = null, ClipNorm = null });
            Validate(trainer, fromFile: false, settings);
            var model = new ModelSpec(checkpoint.Architecture, checkpoint.ModelOptions);
            return new TrainingPlan(model, trainer, null, Effective(settings.Augmentation ?? checkpoint.Augmentation));
        }

        /// <summary>The augmentation to apply, or null for none ("--augment none" asks for the identity).</summary>
        private static AugmentationOptions? Effective(AugmentationOptions? augmentation) => augmentation is { IsIdentity: true } ? null : augmentation;

        /// <summary>The command-line overrides, and checkpoints (the recipe's monitor, or the defaults) in the run directory.</summary>
        private static TrainerOptions Override(TrainerOptions trainer, TrainSettings settings)
        {
            CheckpointOptions checkpoint = trainer.Checkpoint ?? new CheckpointOptions();
            return trainer with
            {
                Epochs = settings.Epochs ?? trainer.Epochs,
                BatchSize = settings.BatchSize ?? trainer.BatchSize,
                Seed = settings.Seed ?? trainer.Seed,
                GradientClipNorm = settings.ClipNorm ?? trainer.GradientClipNorm,
                Precision = settings.Precision ?? trainer.Precision,
                Device = settings.Device,
                Threads = settings.Threads ?? trainer.Threads,
                Checkpoint = checkpoint with { Directory = Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Checkpoints) },
            };
        }

        private static void Validate(TrainerOptions trainer, bool fromFile, TrainSettings settings)
        {
            try
            {
                trainer.Validate();
            }
            catch (ArgumentException e)
            {
                throw fromFile ? CliException.Input($"The trainer options file {settings.TrainerOptionsFile}: {e.Message}") : CliException.Usage(e.Message);
            }
            if (settings.ValidationFile != null) return;
            IReadOnlyList<string> needs = trainer.ValidationNeeds();
            if (needs.Count > 0)
                throw CliException.Usage(
                    $"The training options monitor validation values ({string.Join(", ", needs)}): give --validation <file.h5>, " +
                    "or use --trainer-options with training monitors (TrainingLoss, TrainingAccuracy).");
        }
    }
}
