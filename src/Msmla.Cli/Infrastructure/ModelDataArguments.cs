using System.CommandLine;
using System.IO;
using Msmla.Core.Runtime;
using Msmla.Models.Inference;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The options of the commands that apply a saved model to a patch file (<c>evaluate</c>, <c>predict</c>):
    /// <c>--weights</c>, <c>--data</c>, the data options, <c>--device</c>, <c>--threads</c>, <c>--precision</c>, <c>--batch-size</c>, <c>--tta</c> and <c>--json</c>.
    /// </summary>
    internal sealed class ModelDataArguments
    {
        private readonly Option<string> _weights = new("--weights", "-w", "--model")
        {
            Description = $"The model: {ModelReference.Help}. Either records the bands, normalisation and patch size it takes.",
            Required = true,
            HelpName = "model.dat",
        };

        private readonly Option<string> _data;
        private readonly DataArguments _dataArguments = new();
        private readonly Option<string> _device = DeviceArgument.Create("auto");
        private readonly Option<string?> _threads = ThreadsArgument.Create();
        private readonly Option<string> _precision = PrecisionArgument.Create();
        private readonly Option<int> _batch = new("--batch-size") { Description = "Patches per forward pass.", DefaultValueFactory = _ => PredictionOptions.DefaultBatchSize, HelpName = "n" };
        private readonly Option<bool> _tta = new("--tta") { Description = "Test-time augmentation: average the probabilities over the 8 flips and quarter turns." };
        private readonly Option<bool> _json;

        /// <summary>Declares the options; <paramref name="dataDescription"/> and <paramref name="jsonDescription"/> say what the command reads and prints.</summary>
        public ModelDataArguments(string dataDescription, string jsonDescription)
        {
            _data = new Option<string>("--data", "-d") { Description = dataDescription, Required = true, HelpName = "file.h5" };
            _json = new Option<bool>("--json") { Description = jsonDescription };
        }

        /// <summary>Adds the options to a command.</summary>
        public void AddTo(Command command)
        {
            command.Options.Add(_weights);
            command.Options.Add(_data);
            _dataArguments.AddTo(command);
            command.Options.Add(_device);
            command.Options.Add(_threads);
            command.Options.Add(_precision);
            command.Options.Add(_batch);
            command.Options.Add(_tta);
            command.Options.Add(_json);
        }

        /// <summary>What the command line asks for.</summary>
        /// <exception cref="CliException">A value is out of range (usage error).</exception>
        public ModelDataSettings Resolve(ParseResult parse)
        {
            int batchSize = parse.GetValue(_batch);
            if (batchSize < 1) throw CliException.Usage($"--batch-size must be at least 1 (got {batchSize}).");
            var prediction = new PredictionOptions
            {
                Device = DeviceArgument.Parse(parse.GetValue(_device)),
                Threads = ThreadsArgument.Parse(parse.GetValue(_threads)) ?? TorchThreads.Automatic,
                BatchSize = batchSize,
                TestTimeAugmentation = parse.GetValue(_tta),
                Precision = PrecisionArgument.Parse(parse.GetValue(_precision)),
            };
            return new ModelDataSettings(ModelReference.Parse(parse.GetValue(_weights)!), Path.GetFullPath(parse.GetValue(_data)!),
                _dataArguments.Resolve(parse), prediction, parse.GetValue(_json));
        }
    }
}
