using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Data.Transforms;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>
    /// What a resumed run takes from the <c>run.json</c> of the run it continues: the input normalisation and the
    /// augmentation, which the checkpoint does not hold (they belong to the data, not to the trainer). Without them a
    /// resumed run would silently train on differently prepared data.
    /// </summary>
    internal sealed record ResumedRun(NormalizationChoice? Normalization, AugmentationOptions? Augmentation, string ManifestPath)
    {
        /// <summary>
        /// Reads the <c>run.json</c> beside <paramref name="resume"/> (a checkpoint file or directory: the same directory or its
        /// parent, the run directory); null when there is none.
        /// </summary>
        /// <exception cref="CliException">The manifest is not valid JSON or records a normalisation this version does not know.</exception>
        public static ResumedRun? Find(string resume)
        {
            string full = Path.GetFullPath(resume);
            string? directory = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
            string? path = new[] { directory, directory == null ? null : Path.GetDirectoryName(directory) }
                .Where(d => d != null)
                .Select(d => Path.Combine(d!, "run.json"))
                .FirstOrDefault(File.Exists);
            if (path == null) return null;
            try
            {
                using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
                JsonElement root = document.RootElement;
                NormalizationChoice? normalization = null;
                if (root.TryGetProperty("normalization", out JsonElement n) && n.ValueKind == JsonValueKind.String)
                {
                    normalization = NormalizationNames.TryParse(n.GetString(), out NormalizationChoice choice)
                        ? choice
                        : throw CliException.Input($"{path} records the normalisation '{n.GetString()}', which this version does not know; give --normalize.");
                }
                AugmentationOptions? augmentation = root.TryGetProperty("augmentation", out JsonElement a) && a.ValueKind == JsonValueKind.Object
                    ? a.Deserialize<AugmentationOptions>(CliJson.Output)
                    : null;
                return new ResumedRun(normalization, augmentation, path);
            }
            catch (JsonException e)
            {
                throw CliException.Input($"The run manifest {path} is not valid JSON: {e.Message}");
            }
        }

        /// <summary>
        /// The settings of the resumed run: the recorded normalisation when <c>--normalize</c> is not given (a warning when an
        /// explicit one differs). With no manifest, a warning says that the command line alone decides.
        /// </summary>
        public static TrainSettings Apply(TrainSettings settings, ResumedRun? previous, ILogger logger)
        {
            if (previous == null)
            {
                logger.LogWarning("No run.json beside {Checkpoint}: the normalisation ({Normalization}) and augmentation of the resumed run come from the command line only",
                    settings.Resume, NormalizationNames.Of(settings.Selection.EffectiveNormalization));
                return settings;
            }
            if (settings.Selection.Normalization is NormalizationChoice given)
            {
                if (previous.Normalization is NormalizationChoice recorded && recorded != given)
                    logger.LogWarning("--normalize {Given} differs from the normalisation {Recorded} of the run being resumed ({Manifest}); using {Given} as asked",
                        NormalizationNames.Of(given), NormalizationNames.Of(recorded), previous.ManifestPath, NormalizationNames.Of(given));
                return settings;
            }
            NormalizationChoice normalization = previous.Normalization ?? NormalizationChoice.None;
            logger.LogInformation("Normalising the data with {Normalization}, as the run being resumed did ({Manifest})", NormalizationNames.Of(normalization), previous.ManifestPath);
            return settings with { Selection = settings.Selection with { Normalization = normalization } };
        }

        /// <summary>
        /// The augmentation of the resumed run: the recorded one unless <c>--augment</c> is given (a warning when it differs).
        /// </summary>
        public AugmentationOptions? Augment(AugmentationChoice choice, ILogger logger)
        {
            if (choice == AugmentationChoice.Recipe) return Augmentation;
            AugmentationOptions? given = AugmentationChoices.Resolve(choice, null);
            if (given != Augmentation)
                logger.LogWarning("--augment {Given} differs from the augmentation of the run being resumed ({Manifest}); using it as asked", choice.ToString().ToLowerInvariant(), ManifestPath);
            return given;
        }
    }
}
