using System.Text.Json.Serialization;

namespace Msmla.Core.Preprocessing
{
    /// <summary>Which sensor the input channels come from (So2Sat LCZ42 has both, in its <c>sen2</c> and <c>sen1</c> datasets).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<SensorModality>))]
    public enum SensorModality
    {
        /// <summary>Sentinel-2 multispectral bands (So2Sat's <c>sen2</c>: 10 bands B2..B12).</summary>
        Sentinel2,

        /// <summary>Sentinel-1 SAR channels (So2Sat's <c>sen1</c>: 8 channels).</summary>
        Sentinel1,

        /// <summary>Both: the Sentinel-2 bands followed by the Sentinel-1 channels.</summary>
        Both,

        /// <summary>
        /// Channels that are not (only) Sentinel bands, such as the ancillary layers of MSMLA patch files (buildings,
        /// height, land cover). Not a So2Sat reader choice.
        /// </summary>
        Other,
    }
}
