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

        /// <summary>
        /// A callback decided to end the run before its last epoch (<see cref="Callbacks.TrainingContext.StopTraining"/>): the
        /// built-in early stopping or one of yours. <see cref="TrainingHistory.StopDecision"/> says who and why. (The name is
        /// kept from when early stopping was the only one to decide.)
        /// </summary>
        EarlyStopped,

        /// <summary>
        /// The cancellation token was cancelled: the run stopped after the current batch and, with checkpoints on, wrote a
        /// resumable <c>last.ckpt</c>.
        /// </summary>
        Cancelled,
    }
}
