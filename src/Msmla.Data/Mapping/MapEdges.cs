using System.Text.Json.Serialization;

namespace Msmla.Data.Mapping
{
    /// <summary>What a cell gets when its window reaches outside the scene.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<MapEdges>))]
    public enum MapEdges
    {
        /// <summary>Nodata (the default): only windows wholly inside the scene are classified.</summary>
        NoData,

        /// <summary>The window is filled by reflecting the scene at its edge (NumPy's <c>reflect</c>: the edge pixel is not repeated).</summary>
        Reflect,
    }
}
