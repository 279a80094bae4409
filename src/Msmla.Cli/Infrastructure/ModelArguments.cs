using System.CommandLine;
using Msmla.Models;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The options that choose a model to build: <c>--model</c>, <c>--options</c> and the shape overrides.</summary>
    internal sealed class ModelArguments
    {
        /// <summary>The architecture name.</summary>
        public Option<string?> Model { get; } = new("--model", "-m")
        {
            Description = "The architecture: msmla-18, msmla-50, sen2lcz-net, sen2lcz-net-mf, rosentreter-cnn, lcznet (see 'msmla models').",
            HelpName = "name",
        };

        /// <summary>A model options file.</summary>
        public Option<string?> OptionsFile { get; } = new("--options")
        {
            Description = "A model options JSON file: {\"architecture\": \"msmla-18\", \"options\": {\"bands\": 10, \"patchSize\": 32, ...}} (written by 'msmla train' as model-options.json).",
            HelpName = "model-options.json",
        };

        /// <summary>Adds the options to a command.</summary>
        public void AddTo(Command command)
        {
            command.Options.Add(Model);
            command.Options.Add(OptionsFile);
        }

        /// <summary>The spec the command line gives.</summary>
        public ModelSpec Resolve(ParseResult parse) => ModelSpec.FromArguments(parse.GetValue(Model), parse.GetValue(OptionsFile));

        /// <summary>Checks that options resolve for the architecture (the library's message names the option; exit code 1 or 2).</summary>
        public static LczModelOptions Check(ModelSpec spec, bool fromFile)
        {
            try
            {
                return spec.Options.ResolveFor(spec.Architecture);
            }
            catch (System.ArgumentException e)
            {
                throw fromFile ? CliException.Input("Invalid model options: " + e.Message) : CliException.Usage("Invalid model options: " + e.Message);
            }
        }
    }
}
