using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>Why a run ended.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<TrainingStopReason>))]
    public enum TrainingStopReason
    {
        /// <summary>The run is not over (a history read from a checkpoint of a run in progress).</summary>
        InProgress,

        /// <summary>Every epoch ran.</summary>
        Completed,

        /// <summary>Early stopping ended the run.</summary>
        EarlyStopped,

        /// <summary>
        /// The cancellation token was cancelled: the run stopped after the current batch and, with checkpoints on, wrote a
        /// resumable <c>last.ckpt</c>.
        /// </summary>
        Cancelled,
    }
}
