using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// A value recorded at the end of each epoch that early stopping, the best checkpoint and
    /// <see cref="LearningRateScheduleKind.ReduceOnPlateau"/> can watch. Losses improve downwards, the others upwards.
    /// The validation values need a validation source; without one the trainer refuses them.
    /// </summary>
    [JsonConverter(typeof(JsonStringEnumConverter<TrainingMonitor>))]
    public enum TrainingMonitor
    {
        /// <summary>The mean validation loss (lower is better; Keras' <c>val_loss</c>).</summary>
        ValidationLoss,

        /// <summary>The validation overall accuracy, OA (higher is better; Keras' <c>val_accuracy</c>).</summary>
        ValidationAccuracy,

        /// <summary>The validation average accuracy, AA: the mean per-class recall (higher is better).</summary>
        ValidationAverageAccuracy,

        /// <summary>The validation Cohen's kappa (higher is better).</summary>
        ValidationKappa,

        /// <summary>The validation macro F1 (higher is better).</summary>
        ValidationMacroF1,

        /// <summary>The mean training loss of the epoch (lower is better; needs no validation source).</summary>
        TrainingLoss,

        /// <summary>The training accuracy of the epoch (higher is better; needs no validation source).</summary>
        TrainingAccuracy,
    }
}
