using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>What the trainer is doing when it reports <see cref="TrainingProgress"/>.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<TrainingPhase>))]
    public enum TrainingPhase
    {
        /// <summary>Counting the training labels for balanced class weights, before the first epoch.</summary>
        Preparing,

        /// <summary>Updating the model on training batches.</summary>
        Training,

        /// <summary>Evaluating the validation source at the end of an epoch.</summary>
        Validation,

        /// <summary>An epoch has ended (its record is in <see cref="TrainingProgress.Record"/>).</summary>
        EpochEnd,

        /// <summary>Evaluating a source with <see cref="LczTrainer.Evaluate"/>.</summary>
        Evaluation,
    }
}
