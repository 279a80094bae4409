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
            var model = new ModelDataArguments("The labelled HDF5 patch file.", "Write the metrics as JSON on stdout.");
            var output = new Option<string?>("--output", "-o") { Description = "A directory for metrics.csv, metrics-per-class.csv, confusion-matrix.csv and confusion-matrix.png.", HelpName = "dir" };
            var command = new Command("evaluate",
                "Evaluate a saved model on a labelled HDF5 file, read with the bands and normalisation the model records: OA, kappa, AA, F1 (macro and weighted), " +
                "LCZ weighted accuracy, per-class table; optionally the metrics CSVs and a confusion-matrix PNG.");
            model.AddTo(command);
            command.Options.Add(output);
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
            {
                string? outputDirectory = parse.GetValue(output) is string o ? Path.GetFullPath(o) : null;
                return EvaluateRunner.Run(context, new EvaluateSettings(model.Resolve(parse), outputDirectory));
            }));
            return command;
        }
    }
}
