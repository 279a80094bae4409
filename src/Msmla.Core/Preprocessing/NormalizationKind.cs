using System.Text.Json.Serialization;

namespace Msmla.Core.Preprocessing
{
    /// <summary>The normalisations a <see cref="NormalizationOptions"/> can describe.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<NormalizationKind>))]
    public enum NormalizationKind
    {
        /// <summary>Values as stored (So2Sat is already reflectance).</summary>
        None,

        /// <summary>(x - mean_c) / std_c with per-band statistics given in <see cref="NormalizationOptions.Mean"/> and <see cref="NormalizationOptions.Std"/>.</summary>
        MeanStd,

        /// <summary>(x - mean_c) / std_c with the published So2Sat v2 training statistics, taken for the source's bands by name.</summary>
        So2SatStatistics,

        /// <summary>x / <see cref="NormalizationOptions.Divisor"/> (LCZNet divides digital numbers by 5000).</summary>
        DivideByConstant,

        /// <summary>Sentinel-2 processing baseline 04.00 and later: reflectance = (DN - 1000) / 10000.</summary>
        Sentinel2BaselineOffset,
    }
}
