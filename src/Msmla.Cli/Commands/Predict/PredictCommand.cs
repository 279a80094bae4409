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
            var model = new ModelDataArguments("The HDF5 patch file (labels optional).", "Write the summary as JSON on stdout.");
            var output = new Option<string>("--output", "-o")
            {
                Description = "The CSV to write: index, predicted, predicted_code, [true, true_code,] p_<code> per class (one row per patch, file order).",
                Required = true,
                HelpName = "predictions.csv",
            };
            var command = new Command("predict",
                "Predict every patch of an HDF5 file with a saved model (read with the bands and normalisation the model records) and write the labels and class probabilities as CSV.");
            model.AddTo(command);
            command.Options.Add(output);
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
                PredictRunner.Run(context, new PredictSettings(model.Resolve(parse), Path.GetFullPath(parse.GetValue(output)!)))));
            return command;
        }
    }
}
