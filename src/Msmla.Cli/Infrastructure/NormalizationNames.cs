using System;
using Msmla.Models.Weights;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The names of the normalisations on the command line (<c>--normalize</c>), in <c>run.json</c> and in a model's
    /// sidecar (<see cref="LczModelMetadataKeys.Normalization"/>): the <see cref="LczModelNormalizations"/> values.
    /// </summary>
    internal static class NormalizationNames
    {
        /// <summary>The name of a choice.</summary>
        public static string Of(NormalizationChoice choice) => choice switch
        {
            NormalizationChoice.So2SatStatistics => LczModelNormalizations.So2SatStatistics,
            NormalizationChoice.Sentinel2Baseline => LczModelNormalizations.Sentinel2Baseline,
            NormalizationChoice.None => LczModelNormalizations.None,
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown normalisation."),
        };

        /// <summary>The choice a name stands for, or false for a name this version does not know.</summary>
        public static bool TryParse(string? name, out NormalizationChoice choice)
        {
            switch (name)
            {
                case LczModelNormalizations.None:
                    choice = NormalizationChoice.None;
                    return true;
                case LczModelNormalizations.So2SatStatistics:
                    choice = NormalizationChoice.So2SatStatistics;
                    return true;
                case LczModelNormalizations.Sentinel2Baseline:
                    choice = NormalizationChoice.Sentinel2Baseline;
                    return true;
                default:
                    choice = NormalizationChoice.None;
                    return false;
            }
        }
    }
}
