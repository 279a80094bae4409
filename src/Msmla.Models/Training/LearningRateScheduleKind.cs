using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>How the learning rate changes during training (see <see cref="LearningRateScheduleOptions"/> for the formulas).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<LearningRateScheduleKind>))]
    public enum LearningRateScheduleKind
    {
        /// <summary>The optimizer's learning rate throughout.</summary>
        Constant,

        /// <summary>Keras' per-iteration <c>decay</c>: lr_t = lr / (1 + decay x t), t = optimizer updates done before this one.</summary>
        KerasInverseTimeDecay,

        /// <summary>Multiply by a factor every N epochs: lr_e = lr x factor^floor(e / N), e = 0-based epoch.</summary>
        StepDecay,

        /// <summary>Multiply by a factor when a monitored value has not improved for some epochs (Keras <c>ReduceLROnPlateau</c>).</summary>
        ReduceOnPlateau,

        /// <summary>Cosine annealing per epoch from lr to a minimum: lr_e = min + (lr - min)(1 + cos(pi e / T)) / 2.</summary>
        Cosine,
    }
}
