using System.CommandLine;
using System.IO;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary><c>msmla predict</c>: class probabilities and labels of every patch of a file, as CSV.</summary>
    internal static class PredictCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var weights = new Option<string>("--weights", "-w") { Description = "The model: a native weights file with its .json sidecar.", Required = true, HelpName = "model.dat" };
            var data = new Option<string>("--data", "-d") { Description = "The HDF5 patch file (labels optional).", Required = true, HelpName = "file.h5" };
            var dataArguments = new DataArguments();
            var device = DeviceArgument.Create("auto");
            var batch = new Option<int>("--batch-size") { Description = "Patches per forward pass.", DefaultValueFactory = _ => 256, HelpName = "n" };
            var tta = new Option<bool>("--tta") { Description = "Test-time augmentation: average the probabilities over the 8 flips and quarter turns." };
            var output = new Option<string>("--output", "-o")
            {
                Description = "The CSV to write: index, predicted, predicted_code, [true, true_code,] p_<code> per class (one row per patch, file order).",
                Required = true,
                HelpName = "predictions.csv",
            };
            var json = new Option<bool>("--json") { Description = "Write the summary as JSON on stdout." };
            var command = new Command("predict", "Predict every patch of an HDF5 file with a saved model and write the labels and class probabilities as CSV.")
            {
                weights, data,
            };
            dataArguments.AddTo(command);
            command.Options.Add(device);
            command.Options.Add(batch);
            command.Options.Add(tta);
            command.Options.Add(output);
            command.Options.Add(json);
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
            {
                int batchSize = parse.GetValue(batch);
                if (batchSize < 1) throw CliException.Usage($"--batch-size must be at least 1 (got {batchSize}).");
                var settings = new PredictSettings(Path.GetFullPath(parse.GetValue(weights)!), Path.GetFullPath(parse.GetValue(data)!), dataArguments.Resolve(parse),
                    DeviceArgument.Parse(parse.GetValue(device)), batchSize, parse.GetValue(tta), Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(json));
                return PredictRunner.Run(context, settings);
            }));
            return command;
        }
    }
}
