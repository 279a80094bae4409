using System.Collections.Generic;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// The values of the <see cref="LczModelMetadataKeys.Normalization"/> metadata: the input normalisations of
    /// Msmla.Data (<c>NormalizationOptions</c>) by the names the command line's <c>--normalize</c> uses.
    /// </summary>
    public static class LczModelNormalizations
    {
        /// <summary>Values as stored (So2Sat LCZ42 is already reflectance; the published models take it as is).</summary>
        public const string None = "none";

        /// <summary>(x - mean) / std per band with the published So2Sat LCZ42 v2 training statistics (Msmla.Data's <c>NormalizationOptions.So2SatStatistics</c>).</summary>
        public const string So2SatStatistics = "so2sat-stats";

        /// <summary>Sentinel-2 processing baseline 04.00 digital numbers: (DN - 1000) / 10000 (Msmla.Data's <c>NormalizationOptions.Sentinel2BaselineOffset</c>).</summary>
        public const string Sentinel2Baseline = "s2-baseline";

        /// <summary>Every value, in the order above.</summary>
        public static IReadOnlyList<string> All { get; } = new[] { None, So2SatStatistics, Sentinel2Baseline };
    }
}
