using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Cli.Output;
using Msmla.Models;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// An architecture and its options: what <c>--model</c> and <c>--options model-options.json</c> describe, and what
    /// <c>msmla train</c> writes into its output directory so that a run can be repeated.
    /// </summary>
    /// <remarks>
    /// The file is JSON: <c>{ "architecture": "msmla-18", "options": { "bands": 10, "classes": 17, "patchSize": 32 } }</c>,
    /// with any property of the library's <see cref="LczModelOptions"/> under <c>options</c> (names in any case); unknown
    /// properties are refused, naming them.
    /// </remarks>
    internal sealed record ModelSpec(LczArchitecture Architecture, LczModelOptions Options)
    {
        /// <summary>Reads a model options file (exit code 2 when missing or invalid, 1 for an unknown architecture name).</summary>
        public static ModelSpec Read(string path)
        {
            ModelSpecFile file = CliJson.ReadFile<ModelSpecFile>(path, "model options");
            if (string.IsNullOrWhiteSpace(file.Architecture))
                throw CliException.Input($"The model options file {path} has no \"architecture\" (one of: {string.Join(", ", ModelNames.All.Select(a => a.Id))}).");
            LczArchitecture architecture;
            try
            {
                architecture = ModelNames.Parse(file.Architecture);
            }
            catch (CliException e)
            {
                throw CliException.Input($"The model options file {path}: {e.Message}");
            }
            return new ModelSpec(architecture, file.Options ?? new LczModelOptions());
        }

        /// <summary>
        /// The model a command line asks for: <paramref name="modelName"/>, or the file <paramref name="optionsFile"/>, or
        /// both when they agree on the architecture.
        /// </summary>
        public static ModelSpec FromArguments(string? modelName, string? optionsFile)
        {
            if (modelName == null && optionsFile == null) throw CliException.Usage("Give the model with --model <name> or --options <model-options.json>.");
            ModelSpec? fromFile = optionsFile != null ? Read(optionsFile) : null;
            if (modelName == null) return fromFile!;
            LczArchitecture architecture = ModelNames.Parse(modelName);
            if (fromFile != null && fromFile.Architecture != architecture)
                throw CliException.Usage($"--model {modelName} and the options file {optionsFile} ({ModelNames.IdOf(fromFile.Architecture)}) name different architectures.");
            return fromFile ?? new ModelSpec(architecture, new LczModelOptions());
        }

        /// <summary>Writes the spec as a model options file (indented JSON) that <see cref="Read"/> reads back.</summary>
        public void Write(string path)
        {
            var file = new ModelSpecFile { Architecture = ModelNames.IdOf(Architecture), Options = Options };
            AtomicText.Write(path, JsonSerializer.Serialize(file, CliJson.Output) + Environment.NewLine);
        }

        /// <summary>The JSON shape of the file.</summary>
        internal sealed record ModelSpecFile
        {
            /// <summary>The architecture's command-line or enum name.</summary>
            public string? Architecture { get; init; }

            /// <summary>The model options; null = the defaults.</summary>
            public LczModelOptions? Options { get; init; }
        }
    }
}
