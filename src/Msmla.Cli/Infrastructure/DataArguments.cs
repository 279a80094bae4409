using System;
using System.CommandLine;
using System.Linq;
using Msmla.Data.So2Sat;

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
            Description = "So2Sat sensor when --bands is not given: sentinel2 (10 bands, default), sentinel1 (8 channels) or both.",
            HelpName = "sentinel2|sentinel1|both",
        };

        /// <summary>File layout.</summary>
        public Option<string> Layout { get; } = new("--layout")
        {
            Description = "File layout: so2sat (So2Sat LCZ42: sen2, sen1, label) or msmla (MSMLA patch files).",
            DefaultValueFactory = _ => "so2sat",
            HelpName = "so2sat|msmla",
        };

        /// <summary>Normalisation.</summary>
        public Option<string?> Normalize { get; } = new("--normalize")
        {
            Description = "Normalisation before the model: none (values as stored; So2Sat is reflectance), so2sat-stats (per-band mean/std of So2Sat v2) or s2-baseline ((DN - 1000) / 10000). " +
                "Training records it in the model's sidecar; evaluate and predict follow the sidecar when it is not given. Default: the model's, else none.",
            HelpName = "none|so2sat-stats|s2-baseline",
        };

        /// <summary>Load into memory.</summary>
        public Option<bool> Cache { get; } = new("--cache")
        {
            Description = "Load the selected bands into memory at open (float32); for files that fit in memory.",
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
        }

        /// <summary>The selection the command line gives.</summary>
        public DataSelection Resolve(ParseResult parse)
        {
            string[]? bands = parse.GetValue(Bands)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (bands is { Length: 0 }) throw CliException.Usage("--bands names no band.");
            if (bands != null && bands.Distinct(StringComparer.OrdinalIgnoreCase).Count() != bands.Length)
                throw CliException.Usage($"--bands repeats a band: {string.Join(",", bands)}.");
            DataLayout layout = parse.GetValue(Layout) == "msmla" ? DataLayout.Msmla : DataLayout.So2Sat;
            So2SatModality modality = parse.GetValue(Modality) switch
            {
                "sentinel1" => So2SatModality.Sentinel1,
                "both" => So2SatModality.Both,
                "sentinel2" => So2SatModality.Sentinel2,
                _ => bands == null ? So2SatModality.Sentinel2 : InferModality(bands),
            };
            NormalizationChoice? normalization = null;
            if (parse.GetValue(Normalize) is string name)
                normalization = NormalizationNames.TryParse(name, out NormalizationChoice choice) ? choice : throw CliException.Usage($"--normalize {name} is not a normalisation.");
            return new DataSelection(layout, bands, modality, normalization, parse.GetValue(Cache));
        }

        private static So2SatModality InferModality(string[] bands)
        {
            bool s1 = false, s2 = false;
            foreach (string band in bands)
            {
                if (!So2SatBands.TryFind(band, out So2SatModality m, out _)) return So2SatModality.Both; // the reader names the unknown band
                if (m == So2SatModality.Sentinel1) s1 = true; else s2 = true;
            }
            return s1 && s2 ? So2SatModality.Both : s1 ? So2SatModality.Sentinel1 : So2SatModality.Sentinel2;
        }
    }
}
