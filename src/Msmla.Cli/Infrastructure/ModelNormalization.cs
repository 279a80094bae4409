using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Msmla.Models.Weights;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The input normalisation recorded in a model's sidecar (<see cref="LczModelMetadataKeys.Normalization"/>): written by
    /// <c>train</c> and <c>demo</c>, followed by <c>evaluate</c> and <c>predict</c> when <c>--normalize</c> is not given.
    /// </summary>
    internal static class ModelNormalization
    {
        /// <summary>The sidecar metadata that records <paramref name="choice"/>.</summary>
        public static IReadOnlyDictionary<string, string> Metadata(NormalizationChoice choice) =>
            new Dictionary<string, string> { [LczModelMetadataKeys.Normalization] = NormalizationNames.Of(choice) };

        /// <summary>
        /// The selection with its normalisation decided: the one given on the command line (with a warning when the sidecar
        /// records another), else the sidecar's, else none. A sidecar value this version does not know is an input error
        /// unless <c>--normalize</c> is given.
        /// </summary>
        public static DataSelection Resolve(DataSelection selection, LczModelFileInfo model, string weights, ILogger logger)
        {
            string? recorded = model.GetMetadata(LczModelMetadataKeys.Normalization);
            bool known = NormalizationNames.TryParse(recorded, out NormalizationChoice fromModel);
            if (selection.Normalization is NormalizationChoice given)
            {
                if (recorded != null && (!known || fromModel != given))
                    logger.LogWarning("--normalize {Given} differs from the normalisation {Recorded} that {Weights} was trained with (its sidecar); using {Given} as asked",
                        NormalizationNames.Of(given), recorded, weights, NormalizationNames.Of(given));
                return selection;
            }
            if (recorded == null)
            {
                logger.LogInformation("{Weights} records no input normalisation; reading the data as stored (--normalize none)", weights);
                return selection with { Normalization = NormalizationChoice.None };
            }
            if (!known)
                throw CliException.Input(
                    $"The sidecar of {weights} records the normalisation '{recorded}', which this version does not know; choose one with --normalize none|so2sat-stats|s2-baseline.");
            logger.LogInformation("Normalising the data with {Normalization}, as {Weights} was trained (its sidecar)", recorded, weights);
            return selection with { Normalization = fromModel };
        }
    }
}
