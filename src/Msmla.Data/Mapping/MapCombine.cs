using System.Text.Json.Serialization;

namespace Msmla.Data.Mapping
{
    /// <summary>How the predictions of several scenes of one place (seasons) make one map.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<MapCombine>))]
    public enum MapCombine
    {
        /// <summary>The class with the highest mean probability over the scenes where the cell has data.</summary>
        MeanProbability,

        /// <summary>
        /// The class most scenes predict (each scene's top class, where the cell has data); ties go to the tied class with
        /// the highest mean probability, then to the smaller LCZ label.
        /// </summary>
        MajorityVote,
    }
}
