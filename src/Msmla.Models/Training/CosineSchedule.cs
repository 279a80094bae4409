using System;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Cosine annealing per epoch from lr to <see cref="MinLearningRate"/>: epoch e uses min + (lr - min)(1 + cos(pi x
    /// min(e, T) / T)) / 2 with T = <see cref="CosineEpochs"/> (null = the run's epoch count), as PyTorch's
    /// <c>CosineAnnealingLR</c> stepped per epoch.
    /// </summary>
    public sealed record CosineSchedule : LearningRateScheduleOptions
    {
        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "Cosine";

        /// <summary>The period T in epochs; null = the run's epoch count.</summary>
        public int? CosineEpochs { get; init; }

        /// <summary>The rate at the end of the period and after it. Default 0.</summary>
        public double MinLearningRate { get; init; }

        internal override double LearningRateAt(double baseLearningRate, long step, int epoch, int totalEpochs)
        {
            int period = CosineEpochs ?? totalEpochs;
            double progress = Math.Min(epoch, period) / (double)period;
            return MinLearningRate + (baseLearningRate - MinLearningRate) * (1.0 + Math.Cos(Math.PI * progress)) / 2.0;
        }

        private protected override void ValidateKind()
        {
            if (CosineEpochs < 1) Fail(nameof(CosineEpochs), $"must be at least 1 (got {CosineEpochs})");
            CheckNonNegative(nameof(MinLearningRate), MinLearningRate);
        }
    }
}
