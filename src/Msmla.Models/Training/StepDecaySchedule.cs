using System;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>Multiply the rate by <see cref="Factor"/> every <see cref="StepEpochs"/> epochs: epoch e uses lr x factor^floor(e / N).</summary>
    public sealed record StepDecaySchedule : LearningRateScheduleOptions
    {
        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "StepDecay";

        /// <summary>The multiplier, in (0, 1]. Default 0.5.</summary>
        public double Factor { get; init; } = 0.5;

        /// <summary>Epochs between two steps. Default 10.</summary>
        public int StepEpochs { get; init; } = 10;

        internal override double LearningRateAt(double baseLearningRate, long step, int epoch, int totalEpochs) =>
            baseLearningRate * Math.Pow(Factor, epoch / StepEpochs);

        private protected override void ValidateKind()
        {
            if (!(Factor > 0 && Factor <= 1)) Fail(nameof(Factor), $"must be in (0, 1] (got {Factor})");
            if (StepEpochs < 1) Fail(nameof(StepEpochs), $"must be at least 1 (got {StepEpochs})");
        }
    }
}
