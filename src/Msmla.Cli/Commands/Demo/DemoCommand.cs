using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.Demo
{
    /// <summary><c>msmla demo</c>: the whole job on a built-in synthetic LCZ sample, on a CPU.</summary>
    internal static class DemoCommand
    {
        /// <summary>The default sizes: about half a minute on 2 idle CPU cores, well above chance.</summary>
        public static DemoSettings Defaults { get; } = new(string.Empty, TrainPatches: 1360, ValidationPatches: 340, TestPatches: 680, PatchSize: 32, Epochs: 3, BatchSize: 32, Seed: 42, Json: false);

        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            DemoSettings d = Defaults;
            var output = new Option<string?>("--output", "-o") { Description = "Where to write everything (default: a new msmla-demo-<time> directory in the temporary directory).", HelpName = "dir" };
            var train = new Option<int>("--train-patches") { Description = "Synthetic training patches.", DefaultValueFactory = _ => d.TrainPatches, HelpName = "n" };
            var validation = new Option<int>("--validation-patches") { Description = "Synthetic validation patches (after every epoch).", DefaultValueFactory = _ => d.ValidationPatches, HelpName = "n" };
            var test = new Option<int>("--test-patches") { Description = "Synthetic held-out test patches (the reported metrics).", DefaultValueFactory = _ => d.TestPatches, HelpName = "n" };
            var patch = new Option<int>("--patch-size") { Description = "Patch side in pixels (So2Sat: 32).", DefaultValueFactory = _ => d.PatchSize, HelpName = "pixels" };
            var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => d.Epochs, HelpName = "n" };
            var batch = new Option<int>("--batch-size") { Description = "Patches per training batch.", DefaultValueFactory = _ => d.BatchSize, HelpName = "n" };
            var seed = new Option<int>("--seed") { Description = "Seed of the sample, the weights and the shuffle.", DefaultValueFactory = _ => d.Seed, HelpName = "n" };
            var sceneSize = new Option<string>("--scene-size")
            {
                Description = "Width x height in pixels of the synthetic 10-band UTM scene that the trained model maps (data/scene.tif to lcz-map.tif).",
                DefaultValueFactory = _ => $"{d.SceneWidth}x{d.SceneHeight}",
                HelpName = "WxH",
            };
            var threads = ThreadsArgument.Create();
            var precision = TrainingPrecisionArgument.Create("float32");
            var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
            var command = new Command("demo",
                "Generate a synthetic So2Sat-like LCZ sample (17 classes, 10 bands), train a small MSMLA-18 on the CPU, evaluate it on held-out patches, " +
                "write the metrics CSVs, the learning curves and the confusion matrix as PNG, and map a synthetic Sentinel-2-like scene to an LCZ map (GeoTIFF and PNG quicklook).")
            {
                output, train, validation, test, patch, epochs, batch, seed, sceneSize, threads, precision, json,
            };
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
            {
                Positive("--train-patches", parse.GetValue(train), 17);
                Positive("--validation-patches", parse.GetValue(validation), 1);
                Positive("--test-patches", parse.GetValue(test), 1);
                Positive("--patch-size", parse.GetValue(patch), 8);
                Positive("--epochs", parse.GetValue(epochs), 1);
                Positive("--batch-size", parse.GetValue(batch), 1);
                string directory = parse.GetValue(output) is string o
                    ? Path.GetFullPath(o)
                    : Path.Combine(Path.GetTempPath(), "msmla-demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
                string[] size = parse.GetValue(sceneSize)!.Split('x');
                if (size.Length != 2 || !int.TryParse(size[0], NumberStyles.None, CultureInfo.InvariantCulture, out int sceneWidth)
                    || !int.TryParse(size[1], NumberStyles.None, CultureInfo.InvariantCulture, out int sceneHeight))
                    throw CliException.Usage($"--scene-size {parse.GetValue(sceneSize)} is not WxH, for example 640x480.");
                Positive("--scene-size width", sceneWidth, parse.GetValue(patch));
                Positive("--scene-size height", sceneHeight, parse.GetValue(patch));
                var settings = new DemoSettings(directory, parse.GetValue(train), parse.GetValue(validation), parse.GetValue(test), parse.GetValue(patch),
                    parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(seed), parse.GetValue(json), sceneWidth, sceneHeight,
                    ThreadsArgument.Parse(parse.GetValue(threads)),
                    TrainingPrecisionArgument.Parse(parse.GetValue(precision)) ?? Msmla.Models.Training.TrainingPrecision.Float32);
                return DemoRunner.Run(context, settings);
            }));
            return command;
        }

        private static void Positive(string option, int value, int minimum)
        {
            if (value < minimum) throw CliException.Usage($"{option} must be at least {minimum} (got {value}).");
        }
    }
}
