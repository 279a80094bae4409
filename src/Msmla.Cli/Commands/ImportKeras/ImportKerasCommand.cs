using System.CommandLine;
using System.IO;
using Msmla.Cli.Infrastructure;
using Msmla.Models;

namespace Msmla.Cli.Commands.ImportKeras
{
    /// <summary><c>msmla import-keras</c>: converts weights saved by the original Keras code into Msmla's native format.</summary>
    internal static class ImportKerasCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var model = new ModelArguments();
            var keras = new Option<string>("--keras") { Description = "The Keras weight file (.h5, from model.save_weights).", Required = true, HelpName = "weights.h5" };
            var output = new Option<string>("--output", "-o") { Description = "The native weights file to write; its JSON sidecar goes beside it (<output>.json).", Required = true, HelpName = "model.dat" };
            var channels = new Option<int?>("--input-channels") { Description = "Input channels of the Keras model (default 10; MSMLA's published model has 13).", HelpName = "n" };
            var classes = new Option<int?>("--classes") { Description = "Output classes of the Keras model (default 17).", HelpName = "n" };
            var patch = new Option<int?>("--patch-size") { Description = "Patch side the Keras model was built for (default 32; the CNN's dense layer depends on it).", HelpName = "pixels" };
            var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout." };
            var command = new Command("import-keras", "Import weights saved by the original Keras code (MSMLA-18/50, Sen2LCZ-Net(-MF), the CNN) into Msmla's native format, and report which Keras layer went where.");
            model.AddTo(command);
            command.Options.Add(keras);
            command.Options.Add(output);
            command.Options.Add(channels);
            command.Options.Add(classes);
            command.Options.Add(patch);
            command.Options.Add(json);
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
            {
                ModelSpec spec = model.Resolve(parse);
                LczModelOptions options = spec.Options;
                if (parse.GetValue(channels) is int c) options = options with { Bands = c };
                if (parse.GetValue(classes) is int k) options = options with { Classes = k };
                if (parse.GetValue(patch) is int p) options = options with { PatchSize = p };
                spec = spec with { Options = options };
                ModelArguments.Check(spec, fromFile: parse.GetValue(model.OptionsFile) != null);
                var settings = new ImportKerasSettings(spec, Path.GetFullPath(parse.GetValue(keras)!), Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(json),
                    parse.GetValue(model.OptionsFile) is string o ? Path.GetFullPath(o) : null);
                return ImportKerasRunner.Run(context, settings);
            }));
            return command;
        }
    }
}
