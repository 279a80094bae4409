using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Msmla.Core.IO;
using Msmla.Core.Lcz;
using Msmla.Core.Preprocessing;
using Msmla.Models.Weights;

namespace Msmla.Models
{
    /// <summary>Saving and loading models in Msmla's native format: TorchSharp weights plus a JSON sidecar.</summary>
    public static partial class LczModels
    {
        /// <summary>
        /// Saves a model: its weights in TorchSharp's format at <paramref name="path"/> and a JSON sidecar at
        /// <c>path + ".json"</c> (<see cref="LczModelFileInfo"/>: architecture, options, the input pipeline, classes,
        /// versions, the weights' size and SHA-256, and the optional <paramref name="metadata"/>). Each file is written
        /// atomically (temporary file, then rename), weights first.
        /// </summary>
        /// <param name="model">The model (not BatchNorm-folded).</param>
        /// <param name="path">The weights file; the sidecar goes beside it.</param>
        /// <param name="input">
        /// What turns raw data into the model's input (the trainer's <see cref="Training.LczTrainer.Input"/>, or
        /// <see cref="InputPipeline.FromSource"/> of the source you trained on); null = the architecture's default
        /// (<see cref="LczModelInfo.DefaultInput"/>: its band order and scaling, no normalisation).
        /// </param>
        /// <param name="classNames">One name per class; null = the LCZ codes for 17 classes, "0", "1", ... otherwise.</param>
        /// <param name="metadata">Free string-to-string metadata for the sidecar (<see cref="LczModelFileInfo.Metadata"/>); null = none.</param>
        /// <returns>The sidecar written.</returns>
        /// <exception cref="ArgumentException">
        /// The input pipeline does not have the model's channel count or is invalid; the class names do not match the
        /// model's class count, or repeat; a metadata key is empty or blank, or a value is null.
        /// </exception>
        /// <exception cref="InvalidOperationException">The model's BatchNorm is folded.</exception>
        public static LczModelFileInfo Save(LczModel model, string path, InputPipeline? input = null, IReadOnlyList<string>? classNames = null,
            IReadOnlyDictionary<string, string>? metadata = null)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentException.ThrowIfNullOrEmpty(path);
            InputPipeline pipeline = (input ?? model.Info.DefaultInput).Validate();
            if (pipeline.Channels != model.Options.Bands)
                throw new ArgumentException(
                    $"{model.Info.Name} takes {model.Options.Bands} channels but the input pipeline has {pipeline.Channels} ({string.Join(",", pipeline.Bands)}).", nameof(input));
            IReadOnlyList<string> classes = classNames ?? LczClasses.DefaultNames(model.Options.Classes);
            if (classes.Count != model.Options.Classes)
                throw new ArgumentException($"{model.Info.Name} has {model.Options.Classes} classes but {classes.Count} class names were given.", nameof(classNames));
            if (classes.Any(string.IsNullOrWhiteSpace) || classes.Distinct(StringComparer.Ordinal).Count() != classes.Count)
                throw new ArgumentException("Class names must be non-empty and distinct.", nameof(classNames));
            SortedDictionary<string, string>? recorded = null;
            if (metadata != null)
            {
                recorded = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach ((string key, string value) in metadata)
                {
                    if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("Metadata keys must be non-empty.", nameof(metadata));
                    recorded[key] = value ?? throw new ArgumentException($"The metadata value of '{key}' is null.", nameof(metadata));
                }
            }

            TorchSharpWeights.Save(model, path);
            (long bytes, string sha256) = Fingerprint(path);
            var info = new LczModelFileInfo
            {
                Format = LczModelFileInfo.FormatName,
                FormatVersion = LczModelFileInfo.CurrentFormatVersion,
                Architecture = model.Architecture,
                ModelName = model.Info.Name,
                Options = model.Options,
                Classes = classes.ToArray(),
                Input = pipeline,
                OutputKind = model.OutputKind,
                MsmlaVersion = typeof(LczModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                    ?? typeof(LczModel).Assembly.GetName().Version?.ToString() ?? "unknown",
                TorchSharpVersion = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
                SavedUtc = DateTimeOffset.UtcNow,
                WeightsFile = Path.GetFileName(path),
                WeightsBytes = bytes,
                WeightsSha256 = sha256,
                TensorCount = model.state_dict().Count,
                Metadata = recorded,
            };
            AtomicFile.WriteAllText(LczModelFileInfo.SidecarPath(path), JsonSerializer.Serialize(info, LczModelFileInfo.Json));
            return info;
        }

        /// <summary>
        /// Loads a model saved by <see cref="Save"/>: rebuilds the architecture with the sidecar's options and loads
        /// the weights strictly. The model is returned in evaluation mode on the CPU (call <c>train()</c> to go on training).
        /// Before the model is built, the tensor shapes the weights file records are compared with those the sidecar's
        /// options imply, so a sidecar edited to ask for a larger model is refused without allocating it.
        /// </summary>
        /// <param name="path">The weights file; its sidecar is <c>path + ".json"</c>.</param>
        /// <param name="allowNonFinite">Load NaN or infinite weights instead of refusing them (for inspecting a diverged model).</param>
        /// <exception cref="WeightFileException">
        /// The sidecar is missing, not valid JSON, of a newer format or inconsistent; the weights file is missing,
        /// truncated, changed since saving or does not fit the architecture. The message names the file and the problem.
        /// </exception>
        public static LczModel Load(string path, bool allowNonFinite = false)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            LczModelFileInfo info = ReadFileInfo(path);
            if (!File.Exists(path))
                throw new WeightFileException(path, $"the weights file does not exist (its sidecar {LczModelFileInfo.SidecarPath(path)} does).");
            (long bytes, string sha256) = Fingerprint(path);
            if (bytes != info.WeightsBytes)
                throw new WeightFileException(path,
                    $"the weights file has {bytes} bytes but its sidecar records {info.WeightsBytes}: it is truncated or was replaced after saving.");
            if (!string.Equals(sha256, info.WeightsSha256, StringComparison.OrdinalIgnoreCase))
                throw new WeightFileException(path, "the weights file's SHA-256 differs from the one its sidecar records: it was changed or replaced after saving.");

            LczModel model;
            try
            {
                // Before anything is built: the weights' recorded shapes must be those the sidecar's options imply.
                ModelShapes.CheckFile(path, info.Architecture, info.Options);
                model = Create(info.Architecture, info.Options);
            }
            catch (ArgumentException e)
            {
                throw new WeightFileException(LczModelFileInfo.SidecarPath(path), $"the sidecar's options are invalid for {info.Architecture}: {e.Message}", e);
            }
            try
            {
                TorchSharpWeights.Load(model, path, new WeightLoadOptions { AllowNonFinite = allowNonFinite });
            }
            catch (WeightFileException e)
            {
                model.Dispose();
                throw new WeightFileException(path,
                    $"{e.Problem} (the sidecar describes {info.ModelName} with {info.Options.Bands} bands and {info.Options.Classes} classes)", e);
            }
            model.eval();
            return model;
        }

        /// <summary>Reads and checks the sidecar of a weights file without loading the weights.</summary>
        /// <param name="path">The weights file; its sidecar is <c>path + ".json"</c>.</param>
        /// <exception cref="WeightFileException">The sidecar is missing, not valid JSON, of a newer format or inconsistent.</exception>
        public static LczModelFileInfo ReadFileInfo(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string sidecar = LczModelFileInfo.SidecarPath(path);
            if (!File.Exists(sidecar))
                throw new WeightFileException(sidecar,
                    "the model sidecar does not exist: LczModels.Load needs the JSON that LczModels.Save writes beside the weights. " +
                    "To load bare TorchSharp weights into a model you build, use TorchSharpWeights.Load.");
            LczModelFileInfo info = LczModelSidecar.Read(sidecar);
            if (info.Classes.Count != info.Options.Classes)
                throw new WeightFileException(sidecar, $"the sidecar lists {info.Classes.Count} class names for {info.Options.Classes} classes.");
            if (info.Classes.Any(string.IsNullOrWhiteSpace) || info.Classes.Distinct(StringComparer.Ordinal).Count() != info.Classes.Count)
                throw new WeightFileException(sidecar, $"the sidecar's class names are empty or repeat ({string.Join(", ", info.Classes)}); each class needs its own name.");
            if (info.Input.Channels != info.Options.Bands)
                throw new WeightFileException(sidecar, $"the sidecar's input pipeline has {info.Input.Channels} bands for a model of {info.Options.Bands}.");
            if (info.Metadata != null && info.Metadata.Any(entry => string.IsNullOrWhiteSpace(entry.Key) || entry.Value is null))
                throw new WeightFileException(sidecar, "the sidecar's metadata has an empty key or a null value.");
            return info;
        }

        private static (long Bytes, string Sha256) Fingerprint(string path)
        {
            using FileStream stream = File.OpenRead(path);
            byte[] hash = SHA256.HashData(stream);
            return (stream.Length, Convert.ToHexString(hash).ToLowerInvariant());
        }
    }
}
