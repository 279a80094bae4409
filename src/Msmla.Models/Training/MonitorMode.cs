using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>Which way a <see cref="TrainingMonitor"/> improves.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<MonitorMode>))]
    public enum MonitorMode
    {
        /// <summary>Lower is better (losses).</summary>
        Min,

        /// <summary>Higher is better (accuracies, kappa, F1).</summary>
        Max,
    }
}
