using System.Text.Json.Serialization;

namespace Msmla.Data.So2Sat
{
    /// <summary>Which So2Sat sensor data a reader uses.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<So2SatModality>))]
    public enum So2SatModality
    {
        /// <summary>Sentinel-2 (<c>sen2</c>, 10 bands B2..B12).</summary>
        Sentinel2,

        /// <summary>Sentinel-1 (<c>sen1</c>, 8 channels).</summary>
        Sentinel1,

        /// <summary>Both: the Sentinel-2 bands followed by the Sentinel-1 channels.</summary>
        Both,
    }
}
