using System.Text.Json.Serialization;

namespace Msmla.Data.Mapping
{
    /// <summary>Which probabilities a map writes beside its classes.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<MapProbabilities>))]
    public enum MapProbabilities
    {
        /// <summary>None: the class map only.</summary>
        None,

        /// <summary>One band: the probability of the mapped class.</summary>
        Top,

        /// <summary>One band per class (17 for LCZ), in class order.</summary>
        All,
    }
}
