using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// The JSON sidecar that <see cref="LczModels.Save"/> writes next to a model's TorchSharp weights (at
    /// <c>&lt;weights path&gt;.json</c>): everything <see cref="LczModels.Load"/> needs to rebuild the model, what a scene
    /// pipeline needs to feed it (band order, input scaling, class list), and what identifies the weights file
    /// (size and SHA-256), the software that wrote it, and optional free metadata such as the input normalisation
    /// (<see cref="Metadata"/>).
    /// </summary>
    public sealed record LczModelFileInfo
    {
        /// <summary>The value of <see cref="Format"/> in every sidecar.</summary>
        public const string FormatName = "msmla-lcz-model";

        /// <summary>The sidecar layout this library writes and the newest it reads.</summary>
        public const int CurrentFormatVersion = 1;

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

        /// <summary>One band name per input channel in the order the model expects.</summary>
        public required IReadOnlyList<string> BandOrder { get; init; }

        /// <summary>How digital numbers become the model's input values.</summary>
        public required InputScaling InputScaling { get; init; }

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
        /// Free string-to-string metadata given to <see cref="LczModels.Save"/> (for example the input normalisation,
        /// <see cref="LczModelMetadataKeys.Normalization"/>; the well-known keys are in <see cref="LczModelMetadataKeys"/>),
        /// in ordinal key order; null when none was given. Absent from the JSON when null, so sidecars without it (also
        /// those written before it existed) read as null.
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
