using System.CommandLine;
using System.IO;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.Evaluate
{
    /// <summary><c>msmla evaluate</c>: the LCZ metrics of a saved model on a labelled file.</summary>
    internal static class EvaluateCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var weights = new Option<string>("--weights", "-w") { Description = "The model: a native weights file with its .json sidecar (from 'msmla train' or 'msmla import-keras').", Required = true, HelpName = "model.dat" };
            var data = new Option<string>("--data", "-d") { Description = "The labelled HDF5 patch file.", Required = true, HelpName = "file.h5" };
            var dataArguments = new DataArguments();
            var device = DeviceArgument.Create("auto");
            var batch = new Option<int>("--batch-size") { Description = "Patches per forward pass.", DefaultValueFactory = _ => 256, HelpName = "n" };
            var tta = new Option<bool>("--tta") { Description = "Test-time augmentation: average the probabilities over the 8 flips and quarter turns." };
            var output = new Option<string?>("--output", "-o") { Description = "A directory for metrics.csv, metrics-per-class.csv, confusion-matrix.csv and confusion-matrix.png.", HelpName = "dir" };
            var json = new Option<bool>("--json") { Description = "Write the metrics as JSON on stdout." };
            var command = new Command("evaluate", "Evaluate a saved model on a labelled HDF5 file: OA, kappa, AA, F1 (macro and weighted), LCZ weighted accuracy, per-class table; optionally the metrics CSVs and a confusion-matrix PNG.")
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
                string? outputDirectory = parse.GetValue(output) is string o ? Path.GetFullPath(o) : null;
                var settings = new EvaluateSettings(Path.GetFullPath(parse.GetValue(weights)!), Path.GetFullPath(parse.GetValue(data)!), dataArguments.Resolve(parse),
                    DeviceArgument.Parse(parse.GetValue(device)), batchSize, parse.GetValue(tta), outputDirectory, parse.GetValue(json));
                return EvaluateRunner.Run(context, settings);
            }));
            return command;
        }
    }
}
