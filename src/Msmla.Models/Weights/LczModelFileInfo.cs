using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// The JSON sidecar that <see cref="LczModels.Save"/> writes next to a model's TorchSharp weights (at
    /// <c>&lt;weights path&gt;.json</c>): everything <see cref="LczModels.Load"/> needs to rebuild the model, the input
    /// pipeline that turns raw data into its input (<see cref="Input"/>: bands in the trained order, sensor, scaling,
    /// normalisation with its numbers, patch size), the class list, what identifies the weights file (size and SHA-256),
    /// the software that wrote it, and optional free metadata (<see cref="Metadata"/>).
    /// </summary>
    /// <remarks>
    /// Format version 2 (this library) records <see cref="Input"/>. Version 1 sidecars (written before it) still load:
    /// their input pipeline is the one they imply, the architecture's band order and input scaling they recorded, the
    /// normalisation of their <c>normalization</c> metadata entry (none, so2sat-stats or s2-baseline) and the patch size
    /// of their options.
    /// </remarks>
    public sealed record LczModelFileInfo
    {
        /// <summary>The value of <see cref="Format"/> in every sidecar.</summary>
        public const string FormatName = "msmla-lcz-model";

        /// <summary>The sidecar layout this library writes and the newest it reads.</summary>
        public const int CurrentFormatVersion = 2;

        /// <summary>Always <see cref="FormatName"/>; tells an Msmla sidecar from other JSON.</summary>
        public required string Format { get; init; }

        /// <summary>The sidecar layout version (<see cref="CurrentFormatVersion"/> when written by this library).</summary>
        public required int FormatVersion { get; init; }

        /// <summary>The architecture of the saved model.</summary>
        public required LczArchitecture Architecture { get; init; }

        /// <summary>The model's display name, for example "Sen2LCZ-Net-MF".</summary>
        public required string ModelName { get; init; }

        /// <summary>The resolved options the model was built with; <see cref="LczModels.Create"/> rebuilds it from them.</summary>
        public required LczModelOptions Options { get; init; }

        /// <summary>One name per output class in output order: the LCZ codes ("1".."10", "A".."G") for the 17-class scheme.</summary>
        public required IReadOnlyList<string> Classes { get; init; }

        /// <summary>
        /// What turns raw data into the model's input: the bands in the order the model was trained on, their sensor, the
        /// scale of the raw values, the normalisation with all its numbers, and the patch size.
        /// </summary>
        public required InputPipeline Input { get; init; }

        /// <summary>One band name per input channel in the order the model expects (<see cref="Input"/>'s bands).</summary>
        [JsonIgnore]
        public IReadOnlyList<string> BandOrder => Input.Bands;

        /// <summary>Whether the model outputs logits or probabilities.</summary>
        public required ModelOutputKind OutputKind { get; init; }

        /// <summary>The Msmla.Models version that saved the model.</summary>
        public required string MsmlaVersion { get; init; }

        /// <summary>The TorchSharp version that saved the weights.</summary>
        public required string TorchSharpVersion { get; init; }

        /// <summary>When the model was saved (UTC).</summary>
        public required DateTimeOffset SavedUtc { get; init; }

        /// <summary>The weights file's name (in the sidecar's directory).</summary>
        public required string WeightsFile { get; init; }

        /// <summary>The weights file's length in bytes.</summary>
        public required long WeightsBytes { get; init; }

        /// <summary>The weights file's SHA-256, lower-case hexadecimal.</summary>
        public required string WeightsSha256 { get; init; }

        /// <summary>The number of tensors (parameters and buffers) in the weights file.</summary>
        public required int TensorCount { get; init; }

        /// <summary>
        /// Free string-to-string metadata given to <see cref="LczModels.Save"/> (for example where the training data came
        /// from), in ordinal key order; null when none was given. Absent from the JSON when null.
        /// </summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyDictionary<string, string>? Metadata { get; init; }

        /// <summary>The value of a metadata key, or null when the sidecar has no metadata or not that key.</summary>
        public string? GetMetadata(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            return Metadata != null && Metadata.TryGetValue(key, out string? value) ? value : null;
        }

        /// <summary>The sidecar path of a weights path: the same path with <c>.json</c> appended.</summary>
        public static string SidecarPath(string weightsPath) => weightsPath + ".json";

        /// <summary>The JSON settings of the sidecar: camel-case names, indented, enums as names.</summary>
        internal static JsonSerializerOptions Json { get; } = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
    }
}
