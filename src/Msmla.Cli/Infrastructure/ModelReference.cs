using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Data.Classification;
using Msmla.Models.Pretrained;
using Msmla.Models.Weights;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The model a command applies: a native weights file with its sidecar, or a pretrained model that ships with msmla
    /// (<see cref="LczPretrained"/>), named by its id (<c>sen2lcz-net-mf</c>) when no file of that name exists.
    /// </summary>
    /// <param name="Name">The full path of the weights file, or the pretrained model's id.</param>
    /// <param name="Pretrained">The pretrained weights, or null for a file.</param>
    internal sealed record ModelReference(string Name, PretrainedWeights? Pretrained)
    {
        /// <summary>What the option's help says about its values.</summary>
        public static string Help { get; } =
            $"a native weights file with its .json sidecar (from 'msmla train' or 'msmla import-keras'), or a pretrained model that ships with msmla: {string.Join(", ", LczPretrained.Ids)}";

        /// <summary>The model <paramref name="value"/> names: an existing file first, then a pretrained id, else a (missing) file.</summary>
        public static ModelReference Parse(string value) =>
            !File.Exists(value) && LczPretrained.Find(value) is { } pretrained ? new ModelReference(pretrained.Id, pretrained) : new ModelReference(Path.GetFullPath(value), null);

        /// <summary>The classifier of the model with <paramref name="options"/>.</summary>
        /// <exception cref="CliException">The weights file does not exist (input error).</exception>
        public LczClassifier Open(LczClassifierOptions options, ILoggerFactory loggers)
        {
            if (Pretrained != null) return Pretrained.CreateClassifier(options, loggers);
            if (!File.Exists(Name)) throw CliException.Input($"The weights file {Name} does not exist (nor is it a pretrained model: {string.Join(", ", LczPretrained.Ids)}).");
            return LczClassifier.Open(Name, options, loggers);
        }

        /// <summary>The files the model is read from (none for a pretrained model), for the output guards.</summary>
        public IEnumerable<CommandInput> Inputs(string option)
        {
            if (Pretrained != null) yield break;
            yield return new CommandInput($"the weights file given with {option}", Name);
            yield return new CommandInput("the sidecar of the weights file", LczModelFileInfo.SidecarPath(Name));
        }
    }
}
