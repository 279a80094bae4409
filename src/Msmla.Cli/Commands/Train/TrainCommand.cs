using System.CommandLine;
using System.IO;
using Msmla.Cli.Infrastructure;
using Msmla.Core.Preprocessing;

namespace Msmla.Cli.Commands.Train
{
    /// <summary><c>msmla train</c>: trains a model on HDF5 files with a published recipe or a trainer options file.</summary>
    internal static class TrainCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var model = new ModelArguments();
            var train = new Option<string>("--train") { Description = "The labelled training HDF5 file.", Required = true, HelpName = "training.h5" };
            var validation = new Option<string?>("--validation") { Description = "The labelled validation HDF5 file, evaluated after every epoch (needed by recipes that monitor validation values).", HelpName = "validation.h5" };
            var data = new DataArguments();
            var recipe = new Option<string?>("--recipe")
            {
                Description = "A published recipe: msmla-as-described, msmla-as-released, sen2lcz-net, adamw-plateau. Default: the architecture's own.",
                HelpName = "name",
            };
            var trainerOptions = new Option<string?>("--trainer-options") { Description = "A trainer options JSON file (as written to trainer-options.json by a previous run) instead of a recipe.", HelpName = "file.json" };
            var augment = new Option<string>("--augment")
            {
                Description = "Training-data augmentation: recipe (as the recipe says; none with --trainer-options), none, flips, dihedral (flips and quarter turns), msmla (flips and +-90 degree rotations).",
                DefaultValueFactory = _ => "recipe",
                HelpName = "recipe|none|flips|dihedral|msmla",
            };
            augment.AcceptOnlyFromAmong(AugmentationChoice.Names);
            var epochs = new Option<int?>("--epochs") { Description = "Most epochs (overrides the recipe).", HelpName = "n" };
            var batch = new Option<int?>("--batch-size") { Description = "Patches per training batch (overrides the recipe).", HelpName = "n" };
            var seed = new Option<int?>("--seed") { Description = "Seed of the weight initialisation, the shuffle and dropout (overrides the recipe; default 0).", HelpName = "n" };
            var device = DeviceArgument.Create("auto");
            var threads = ThreadsArgument.Create("the trainer options file's, else auto");
            var precision = TrainingPrecisionArgument.Create("the trainer options file's, else float32");
            var output = new Option<string>("--output", "-o")
            {
                Description = "The run directory: model.dat (+ .json), checkpoints/best-model.dat (+ .json), history.csv/json, learning-curves.png, validation metrics and confusion-matrix.png, model-options.json, trainer-options.json, run.json, checkpoints/.",
                Required = true,
                HelpName = "dir",
            };
            var resume = new Option<string?>("--resume")
            {
                Description = "Continue an interrupted run from its checkpoint directory (<output>/checkpoints) or a .ckpt file; the model and trainer options come from the checkpoint, the bands, normalisation and augmentation from the checkpoint (unless --bands/--normalize/--augment are given), --epochs may raise the limit. Give the same data files and bands as the first run.",
                HelpName = "checkpoints",
            };
            var overwrite = new Option<bool>("--overwrite")
            {
                Description = "Start a new run in an output directory that holds an earlier run (model.dat, checkpoints/last.ckpt or best.ckpt), removing that run's files first. " +
                    "Without it such a directory is refused; continue the earlier run with --resume <output>/checkpoints instead.",
            };
            var clipNorm = new Option<double?>("--clip-norm")
            {
                Description = "Clip the gradients' total L2 norm to this value before each optimizer step (overrides the recipe; recorded in trainer-options.json). Helps a run whose loss becomes NaN.",
                HelpName = "max-norm",
            };
            var json = new Option<bool>("--json") { Description = "Write the result (history summary, metrics, files) as JSON on stdout." };
            var command = new Command("train", "Train an LCZ model on So2Sat-layout (or MSMLA) HDF5 files with a published recipe or trainer options; writes the model, history, plots and the options used.");
            model.AddTo(command);
            command.Options.Add(train);
            command.Options.Add(validation);
            data.AddTo(command);
            command.Options.Add(recipe);
            command.Options.Add(trainerOptions);
            command.Options.Add(augment);
            command.Options.Add(epochs);
            command.Options.Add(batch);
            command.Options.Add(seed);
            command.Options.Add(device);
            command.Options.Add(threads);
            command.Options.Add(precision);
            command.Options.Add(output);
            command.Options.Add(resume);
            command.Options.Add(overwrite);
            command.Options.Add(clipNorm);
            command.Options.Add(json);
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
            {
                string? resumeFrom = parse.GetValue(resume);
                string? optionsFile = parse.GetValue(model.OptionsFile);
                ModelSpec? spec = resumeFrom == null ? model.Resolve(parse) : null;
                if (resumeFrom != null && (parse.GetValue(model.Model) != null || optionsFile != null))
                    throw CliException.Usage("--resume takes the model from the checkpoint; do not give --model or --options with it.");
                if (parse.GetValue(recipe) != null && parse.GetValue(trainerOptions) != null)
                    throw CliException.Usage("Give either --recipe or --trainer-options, not both.");
                if (resumeFrom != null && (parse.GetValue(recipe) != null || parse.GetValue(trainerOptions) != null))
                    throw CliException.Usage("--resume takes the trainer options from the checkpoint; do not give --recipe or --trainer-options with it.");
                if (parse.GetValue(epochs) is < 1) throw CliException.Usage("--epochs must be at least 1.");
                if (parse.GetValue(batch) is < 1) throw CliException.Usage("--batch-size must be at least 1.");
                if (parse.GetValue(clipNorm) is double clip && !(clip > 0 && double.IsFinite(clip)))
                    throw CliException.Usage($"--clip-norm must be a positive finite number (got {clip}).");
                if (resumeFrom != null && parse.GetValue(overwrite))
                    throw CliException.Usage("--resume continues the run in --output and --overwrite replaces it with a new one: give one of them.");
                AugmentationOptions? augmentation = AugmentationChoice.Parse(parse.GetValue(augment));
                var settings = new TrainSettings(spec, optionsFile is string m ? Path.GetFullPath(m) : null, Path.GetFullPath(parse.GetValue(train)!),
                    parse.GetValue(validation) is string v ? Path.GetFullPath(v) : null, data.Resolve(parse), parse.GetValue(recipe),
                    parse.GetValue(trainerOptions) is string t ? Path.GetFullPath(t) : null, augmentation, parse.GetValue(epochs), parse.GetValue(batch),
                    parse.GetValue(seed), DeviceArgument.Parse(parse.GetValue(device)), ThreadsArgument.Parse(parse.GetValue(threads)), Path.GetFullPath(parse.GetValue(output)!),
                    resumeFrom is string r ? Path.GetFullPath(r) : null, parse.GetValue(json), parse.GetValue(overwrite), parse.GetValue(clipNorm),
                    TrainingPrecisionArgument.Parse(parse.GetValue(precision)));
                return TrainRunner.Run(context, settings);
            }));
            return command;
        }
    }
}
