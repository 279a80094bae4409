using System.CommandLine;
using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.Models
{
    /// <summary><c>msmla models</c>: the architectures with their parameter counts, patch size, band order and output kind.</summary>
    internal static class ModelsCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var json = new Option<bool>("--json") { Description = "Write the list as JSON on stdout." };
            var command = new Command("models", "List the LCZ architectures with their parameter counts (trainable and Keras total), patch size, band order and output kind.")
            {
                json,
            };
            command.SetAction((parse, cancellation) =>
                CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context => ModelsRunner.Run(context, parse.GetValue(json))));
            return command;
        }
    }
}
