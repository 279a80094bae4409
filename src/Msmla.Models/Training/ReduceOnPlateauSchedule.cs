using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Keras' <c>ReduceLROnPlateau</c>: after each epoch, when <see cref="Monitor"/> has not improved by more than
    /// <see cref="MinDelta"/> for <see cref="Patience"/> epochs, the rate becomes max(rate x <see cref="Factor"/>,
    /// <see cref="MinLearningRate"/>), then <see cref="Cooldown"/> epochs pass before counting again. The trainer runs it
    /// as the <see cref="Callbacks.ReduceLearningRateOnPlateau"/> callback; until a reduction the rate is lr. Defaults are
    /// Keras'.
    /// </summary>
    public sealed record ReduceOnPlateauSchedule : LearningRateScheduleOptions
    {
        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "ReduceOnPlateau";

        /// <summary>The multiplier, in (0, 1). Default 0.1.</summary>
        public double Factor { get; init; } = 0.1;

        /// <summary>The watched value. Default validation loss.</summary>
        public TrainingMonitor Monitor { get; init; } = TrainingMonitor.ValidationLoss;

        /// <summary>Epochs without improvement before a reduction. Default 10.</summary>
        public int Patience { get; init; } = 10;

        /// <summary>The least change that counts as an improvement (absolute). Default 1e-4.</summary>
        public double MinDelta { get; init; } = 1e-4;

        /// <summary>Epochs after a reduction during which no improvement is counted. Default 0.</summary>
        public int Cooldown { get; init; }

        /// <summary>The floor of the rate. Default 0.</summary>
        public double MinLearningRate { get; init; }

        internal override double LearningRateAt(double baseLearningRate, long step, int epoch, int totalEpochs) => baseLearningRate;

        private protected override void ValidateKind()
        {
            if (!(Factor > 0 && Factor < 1)) Fail(nameof(Factor), $"must be in (0, 1) (got {Factor})");
            if (Monitor is null) Fail(nameof(Monitor), "is null");
            if (Patience < 0) Fail(nameof(Patience), $"must be 0 or more (got {Patience})");
            if (Cooldown < 0) Fail(nameof(Cooldown), $"must be 0 or more (got {Cooldown})");
            CheckNonNegative(nameof(MinDelta), MinDelta);
            CheckNonNegative(nameof(MinLearningRate), MinLearningRate);
        }
    }
}
