using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Data.Mapping
{
    /// <summary>
    /// The JSON a shard writes after its GeoTIFFs (<c>rows-FFFFFF-EEEEEE.json</c>): which rows of which map it holds, and
    /// the fingerprint of everything that decides the map (model, pipeline, options, scenes), so that a re-run with the
    /// same inputs skips a finished shard and the merge refuses shards of different runs.
    /// </summary>
    internal sealed record ShardManifest
    {
        public const string FormatName = "msmla-lcz-map-shard";

        public string Format { get; init; } = FormatName;

        public int FormatVersion { get; init; } = 1;

        public required string Fingerprint { get; init; }

        public required int Index { get; init; }

        public required int Count { get; init; }

        public required int FirstRow { get; init; }

        public required int EndRow { get; init; }

        public required int MapWidth { get; init; }

        public required int MapHeight { get; init; }

        public required string ClassFile { get; init; }

        public string? ProbabilityFile { get; init; }

        public int ProbabilityBands { get; init; }

        [JsonIgnore]
        public string BaseName => BaseNameOf(FirstRow, EndRow);

        public static string BaseNameOf(int firstRow, int endRow) =>
            string.Create(CultureInfo.InvariantCulture, $"rows-{firstRow:D6}-{endRow:D6}");

        public static JsonSerializerOptions Json { get; } = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        /// <summary>Reads a manifest; null when the file does not exist.</summary>
        /// <exception cref="InvalidDataException">The file is not a shard manifest (the message names it).</exception>
        public static ShardManifest? Read(string path)
        {
            if (!File.Exists(path)) return null;
            try
            {
                var info = new FileInfo(path);
                if (info.Length > 1 << 20) throw new InvalidDataException($"{path} has {info.Length} bytes; a shard manifest is a few hundred.");
                ShardManifest? manifest = JsonSerializer.Deserialize<ShardManifest>(File.ReadAllText(path), Json);
                if (manifest is null || manifest.Format != FormatName || manifest.FormatVersion != 1)
                    throw new InvalidDataException($"{path} is not a version-1 {FormatName} manifest.");
                return manifest;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path} is not a valid shard manifest: {e.Message}", e);
            }
        }
    }
}
