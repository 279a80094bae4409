using System;
using System.CommandLine;
using System.Linq;
using Msmla.Core.Preprocessing;
using Msmla.Data;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The options that say how to read patch files: <c>--bands</c>, <c>--modality</c>, <c>--layout</c>, <c>--normalize</c>, <c>--cache</c>.</summary>
    internal sealed class DataArguments
    {
        /// <summary>Band names.</summary>
        public Option<string?> Bands { get; } = new("--bands")
        {
            Description = "Bands to read, comma-separated and in model order (So2Sat: B2,B3,B4,B5,B6,B7,B8,B8A,B11,B12 and the Sentinel-1 channel names; MSMLA files: channel names). Default: the model's band order, or all Sentinel-2 bands.",
            HelpName = "B2,B3,...",
        };

        /// <summary>So2Sat sensor.</summary>
        public Option<string?> Modality { get; } = new("--modality")
        {
            Description = "So2Sat sensor: sentinel2 (10 bands, default when --bands is not given), sentinel1 (8 channels) or both. Default: from --bands, or the model's for a saved model (a contradiction is refused).",
            HelpName = "sentinel2|sentinel1|both",
        };

        /// <summary>File layout.</summary>
        public Option<string> Layout { get; } = new("--layout")
        {
            Description = "File layout: so2sat (So2Sat LCZ42: sen2, sen1, label) or msmla (MSMLA patch files). Default: so2sat for training, the model's for a saved model (msmla when its channels are not Sentinel bands).",
            HelpName = "so2sat|msmla",
        };

        /// <summary>Normalisation.</summary>
        public Option<string?> Normalize { get; } = new("--normalize")
        {
            Description = "Normalisation before the model: none (values as stored; So2Sat is reflectance), so2sat-stats (per-band mean/std of So2Sat v2) or s2-baseline ((DN - 1000) / 10000). " +
                "A saved model records its normalisation (with its numbers) and evaluate/predict/map apply it when this is not given. Default: none for a new run, the checkpoint's when resuming, the model's for a saved model.",
            HelpName = "none|so2sat-stats|s2-baseline",
        };

        /// <summary>Load into memory.</summary>
        public Option<bool> Cache { get; } = new("--cache")
        {
            Description = "Load the selected bands into memory at open (float32); for files that fit in memory.",
        };

        /// <summary>Follow links to other files.</summary>
        public Option<bool> AllowExternalFiles { get; } = new("--allow-external-files")
        {
            Description = "Let a data file lead to other files (HDF5 external links, external storage, virtual datasets); refused by default.",
        };

        /// <summary>Adds the options to a command.</summary>
        public void AddTo(Command command)
        {
            Modality.AcceptOnlyFromAmong("sentinel2", "sentinel1", "both");
            Layout.AcceptOnlyFromAmong("so2sat", "msmla");
            Normalize.AcceptOnlyFromAmong("none", "so2sat-stats", "s2-baseline");
            command.Options.Add(Bands);
            command.Options.Add(Modality);
            command.Options.Add(Layout);
            command.Options.Add(Normalize);
            command.Options.Add(Cache);
            command.Options.Add(AllowExternalFiles);
        }

        /// <summary>The selection the command line gives (each part null when not given).</summary>
        public DataSelection Resolve(ParseResult parse)
        {
            string[]? bands = parse.GetValue(Bands)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (bands is { Length: 0 }) throw CliException.Usage("--bands names no band.");
            if (bands != null && bands.Distinct(StringComparer.OrdinalIgnoreCase).Count() != bands.Length)
                throw CliException.Usage($"--bands repeats a band: {string.Join(",", bands)}.");
            PatchFileLayout? layout = parse.GetValue(Layout) switch
            {
                "msmla" => PatchFileLayout.Msmla,
                "so2sat" => PatchFileLayout.So2Sat,
                _ => null,
            };
            SensorModality? modality = parse.GetValue(Modality) switch
            {
                "sentinel1" => SensorModality.Sentinel1,
                "both" => SensorModality.Both,
                "sentinel2" => SensorModality.Sentinel2,
                _ => null,
            };
            NormalizationOptions? normalization = null;
            if (parse.GetValue(Normalize) is string name && !NormalizationOptions.TryParse(name, out normalization))
                throw CliException.Usage($"--normalize {name} is not a normalisation ({string.Join(", ", NormalizationOptions.Names)}).");
            return new DataSelection(layout, bands, modality, normalization, parse.GetValue(Cache), parse.GetValue(AllowExternalFiles));
        }
    }
}
