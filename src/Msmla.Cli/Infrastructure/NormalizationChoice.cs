namespace Msmla.Cli.Infrastructure
{
    /// <summary>The normalisations the command line offers.</summary>
    internal enum NormalizationChoice
    {
        /// <summary>Values as stored (So2Sat is already reflectance; the published models take it as is).</summary>
        None,

        /// <summary>(x - mean) / std per band with the published So2Sat v2 training statistics.</summary>
        So2SatStatistics,

        /// <summary>Sentinel-2 processing baseline 04.00 digital numbers: (DN - 1000) / 10000.</summary>
        Sentinel2Baseline,
    }
}
