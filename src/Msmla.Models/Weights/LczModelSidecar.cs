using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Reads a model sidecar of any supported format version into the current <see cref="LczModelFileInfo"/>: version 2 as
    /// it is, version 1 with the input pipeline it implies.
    /// </summary>
    internal static class LczModelSidecar
    {
        /// <summary>The largest sidecar read (a real one is a few kilobytes).</summary>
        private const long MaxBytes = 4 << 20;

        /// <summary>The version-1 metadata key that recorded the normalisation by name.</summary>
        private const string LegacyNormalizationKey = "normalization";

        /// <exception cref="WeightFileException">The sidecar is too large, not valid JSON of the expected layout, of another format or version, or inconsistent.</exception>
        public static LczModelFileInfo Read(string path)
        {
            var file = new FileInfo(path);
            if (file.Length > MaxBytes)
                throw new WeightFileException(path, $"the model sidecar has {file.Length} bytes; a sidecar is a few kilobytes (at most {MaxBytes} are read).");
            JsonObject root;
            try
            {
                root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                    ?? throw new WeightFileException(path, "the model sidecar is not a JSON object.");
            }
            catch (JsonException e)
            {
                throw new WeightFileException(path, $"the model sidecar is not valid JSON: {e.Message}", e);
            }
            string? format = Text(root, "format");
            if (format != LczModelFileInfo.FormatName)
                throw new WeightFileException(path, $"the JSON is not an Msmla model sidecar (format '{format}', expected '{LczModelFileInfo.FormatName}').");
            int version = root["formatVersion"] is JsonValue v && v.TryGetValue(out int n) ? n : 0;
            if (version < 1 || version > LczModelFileInfo.CurrentFormatVersion)
                throw new WeightFileException(path,
                    $"the sidecar has format version {version} (written by Msmla {Text(root, "msmlaVersion") ?? "unknown"}); this library reads versions 1 to {LczModelFileInfo.CurrentFormatVersion}.");
            if (version == 1) UpgradeVersion1(root, path);

            LczModelFileInfo? info;
            try
            {
                info = root.Deserialize<LczModelFileInfo>(LczModelFileInfo.Json);
            }
            catch (JsonException e)
            {
                throw new WeightFileException(path, $"the model sidecar is not valid JSON of the expected layout: {e.Message}", e);
            }
            if (info is null) throw new WeightFileException(path, "the model sidecar is empty (JSON null).");
            if (info.Options is null || info.Classes is null || info.Input is null)
                throw new WeightFileException(path, "the sidecar lacks options, classes or the input pipeline.");
            try
            {
                info.Input.Validate();
            }
            catch (ArgumentException e)
            {
                throw new WeightFileException(path, $"the sidecar's input pipeline is invalid: {e.Message}", e);
            }
            return info;
        }

        /// <summary>
        /// Rewrites a version-1 sidecar into version 2's layout in memory: its band order, input scaling and the
        /// normalisation named in its metadata become the input pipeline; the patch size comes from its options.
        /// </summary>
        private static void UpgradeVersion1(JsonObject root, string path)
        {
            if (root["bandOrder"] is not JsonArray bands || root["inputScaling"] is not JsonObject scaling || root["options"] is not JsonObject options)
                throw new WeightFileException(path, "the version-1 sidecar lacks its band order, input scaling or options.");
            string[] bandNames = bands.Select(b => b?.GetValue<string>() ?? "").ToArray();
            string? recorded = root["metadata"] is JsonObject metadata ? Text(metadata, LegacyNormalizationKey) : null;
            NormalizationOptions normalization = recorded switch
            {
                null or "none" => NormalizationOptions.None,
                "so2sat-stats" => NormalizationOptions.So2SatStatistics,
                "s2-baseline" => NormalizationOptions.Sentinel2BaselineOffset,
                _ => throw new WeightFileException(path, $"the version-1 sidecar records the normalisation '{recorded}', which this version does not know."),
            };
            int patchSize = options["patchSize"] is JsonValue p && p.TryGetValue(out int size) ? size : 0;
            InputPipeline input;
            try
            {
                input = new InputPipeline
                {
                    Bands = bandNames,
                    Modality = SentinelBands.ModalityOf(bandNames),
                    Scaling = scaling.Deserialize<InputScaling>(LczModelFileInfo.Json) ?? InputScaling.So2SatReflectance,
                    Normalization = normalization.ResolveFor(bandNames),
                    PatchSize = patchSize,
                }.Validate();
            }
            catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
            {
                throw new WeightFileException(path, $"the version-1 sidecar does not describe a valid input pipeline: {e.Message}", e);
            }
            root.Remove("bandOrder");
            root.Remove("inputScaling");
            root["input"] = JsonSerializer.SerializeToNode(input, LczModelFileInfo.Json);
        }

        private static string? Text(JsonObject node, string name) =>
            node[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
    }
}
