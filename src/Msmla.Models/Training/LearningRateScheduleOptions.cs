using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The learning-rate schedule. The base learning rate lr is <see cref="OptimizerOptions.LearningRate"/>; epochs e
    /// are 0-based; t counts optimizer updates (batches) from 0 over the whole run. A plain record that round-trips
    /// through System.Text.Json; build one with the static methods.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><see cref="LearningRateScheduleKind.Constant"/>: lr.</item>
    /// <item><see cref="LearningRateScheduleKind.KerasInverseTimeDecay"/>: update t uses lr / (1 + <see cref="Decay"/> x t),
    /// exactly what Keras 2 optimizers do with their <c>decay</c> argument (t = <c>iterations</c> before the update).</item>
    /// <item><see cref="LearningRateScheduleKind.StepDecay"/>: epoch e uses lr x <see cref="Factor"/>^floor(e / <see cref="StepEpochs"/>).</item>
    /// <item><see cref="LearningRateScheduleKind.ReduceOnPlateau"/>: as Keras' <c>ReduceLROnPlateau</c>: after each epoch, when
    /// <see cref="Monitor"/> has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs, the rate
    /// becomes max(rate x <see cref="Factor"/>, <see cref="MinLearningRate"/>), then <see cref="Cooldown"/> epochs pass before
    /// counting again.</item>
    /// <item><see cref="LearningRateScheduleKind.Cosine"/>: epoch e uses <see cref="MinLearningRate"/> + (lr - min)(1 + cos(pi x
    /// min(e, T) / T)) / 2 with T = <see cref="CosineEpochs"/> (null = the run's epoch count), as PyTorch's
    /// <c>CosineAnnealingLR</c> stepped per epoch.</item>
    /// </list>
    /// </remarks>
    public sealed record LearningRateScheduleOptions
    {
        /// <summary>Which schedule. Default <see cref="LearningRateScheduleKind.Constant"/>.</summary>
        public LearningRateScheduleKind Kind { get; init; } = LearningRateScheduleKind.Constant;

        /// <summary>Inverse-time decay per update (<see cref="LearningRateScheduleKind.KerasInverseTimeDecay"/>). Default 0.</summary>
        public double Decay { get; init; }

        /// <summary>The multiplier of <see cref="LearningRateScheduleKind.StepDecay"/> and <see cref="LearningRateScheduleKind.ReduceOnPlateau"/>. Default 0.5.</summary>
        public double Factor { get; init; } = 0.5;

        /// <summary>Epochs between two steps of <see cref="LearningRateScheduleKind.StepDecay"/>. Default 10.</summary>
        public int StepEpochs { get; init; } = 10;

        /// <summary>The value <see cref="LearningRateScheduleKind.ReduceOnPlateau"/> watches. Default validation loss.</summary>
        public TrainingMonitor Monitor { get; init; } = TrainingMonitor.ValidationLoss;

        /// <summary>Epochs without improvement before <see cref="LearningRateScheduleKind.ReduceOnPlateau"/> reduces the rate. Default 10.</summary>
        public int Patience { get; init; } = 10;

        /// <summary>The least change that counts as an improvement (absolute, as Keras). Default 1e-4 (Keras' value).</summary>
        public double MinDelta { get; init; } = 1e-4;

        /// <summary>Epochs after a reduction during which no improvement is counted. Default 0.</summary>
        public int Cooldown { get; init; }

        /// <summary>The floor of <see cref="LearningRateScheduleKind.ReduceOnPlateau"/> and <see cref="LearningRateScheduleKind.Cosine"/>. Default 0.</summary>
        public double MinLearningRate { get; init; }

        /// <summary>The period T of <see cref="LearningRateScheduleKind.Cosine"/> in epochs; null = the run's epoch count.</summary>
        public int? CosineEpochs { get; init; }

        /// <summary>A constant learning rate.</summary>
        public static LearningRateScheduleOptions Constant() => new() { Kind = LearningRateScheduleKind.Constant };

        /// <summary>Keras' per-update decay: lr / (1 + <paramref name="decay"/> x t).</summary>
        public static LearningRateScheduleOptions KerasInverseTimeDecay(double decay) =>
            new() { Kind = LearningRateScheduleKind.KerasInverseTimeDecay, Decay = decay };

        /// <summary>Multiply the rate by <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs.</summary>
        public static LearningRateScheduleOptions StepDecay(double factor, int everyEpochs) =>
            new() { Kind = LearningRateScheduleKind.StepDecay, Factor = factor, StepEpochs = everyEpochs };

        /// <summary>Multiply the rate by <paramref name="factor"/> after <paramref name="patience"/> epochs without improvement of <paramref name="monitor"/>.</summary>
        public static LearningRateScheduleOptions ReduceOnPlateau(
            double factor = 0.1, int patience = 10, TrainingMonitor monitor = TrainingMonitor.ValidationLoss,
            double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0) =>
            new()
            {
                Kind = LearningRateScheduleKind.ReduceOnPlateau, Factor = factor, Patience = patience, Monitor = monitor,
                MinDelta = minDelta, Cooldown = cooldown, MinLearningRate = minLearningRate,
            };

        /// <summary>Cosine annealing to <paramref name="minLearningRate"/> over <paramref name="epochs"/> epochs (null = the whole run).</summary>
        public static LearningRateScheduleOptions Cosine(int? epochs = null, double minLearningRate = 0) =>
            new() { Kind = LearningRateScheduleKind.Cosine, CosineEpochs = epochs, MinLearningRate = minLearningRate };

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range for the chosen kind.</summary>
        public LearningRateScheduleOptions Validate()
        {
            switch (Kind)
            {
                case LearningRateScheduleKind.Constant:
                    break;
                case LearningRateScheduleKind.KerasInverseTimeDecay:
                    if (!(Decay >= 0) || double.IsInfinity(Decay)) Fail(nameof(Decay), $"must be a finite value of 0 or more (got {Decay})");
                    break;
                case LearningRateScheduleKind.StepDecay:
                    if (!(Factor > 0 && Factor <= 1)) Fail(nameof(Factor), $"must be in (0, 1] (got {Factor})");
                    if (StepEpochs < 1) Fail(nameof(StepEpochs), $"must be at least 1 (got {StepEpochs})");
                    break;
                case LearningRateScheduleKind.ReduceOnPlateau:
                    if (!(Factor > 0 && Factor < 1)) Fail(nameof(Factor), $"must be in (0, 1) (got {Factor})");
                    if (Patience < 0) Fail(nameof(Patience), $"must be 0 or more (got {Patience})");
                    if (Cooldown < 0) Fail(nameof(Cooldown), $"must be 0 or more (got {Cooldown})");
                    if (!(MinDelta >= 0) || double.IsInfinity(MinDelta)) Fail(nameof(MinDelta), $"must be a finite value of 0 or more (got {MinDelta})");
                    if (!Enum.IsDefined(Monitor)) Fail(nameof(Monitor), $"{(int)Monitor} is not a monitored value");
                    if (!(MinLearningRate >= 0) || double.IsInfinity(MinLearningRate)) Fail(nameof(MinLearningRate), $"must be a finite value of 0 or more (got {MinLearningRate})");
                    break;
                case LearningRateScheduleKind.Cosine:
                    if (CosineEpochs < 1) Fail(nameof(CosineEpochs), $"must be at least 1 (got {CosineEpochs})");
                    if (!(MinLearningRate >= 0) || double.IsInfinity(MinLearningRate)) Fail(nameof(MinLearningRate), $"must be a finite value of 0 or more (got {MinLearningRate})");
                    break;
                default:
                    Fail(nameof(Kind), $"{(int)Kind} is not a schedule");
                    break;
            }
            return this;

            static void Fail(string option, string problem) =>
                throw new ArgumentException($"Invalid learning-rate schedule option {option}: {problem}.", option);
        }
    }
}
