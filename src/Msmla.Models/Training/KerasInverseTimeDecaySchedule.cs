using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>Keras' per-iteration <c>decay</c>: update t uses lr / (1 + <see cref="Decay"/> x t), t = optimizer updates done before it.</summary>
    public sealed record KerasInverseTimeDecaySchedule : LearningRateScheduleOptions
    {
        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "KerasInverseTimeDecay";

        /// <summary>The decay per update. Default 0.</summary>
        public double Decay { get; init; }

        internal override double LearningRateAt(double baseLearningRate, long step, int epoch, int totalEpochs) => baseLearningRate / (1.0 + Decay * step);

        private protected override void ValidateKind() => CheckNonNegative(nameof(Decay), Decay);
    }
}
