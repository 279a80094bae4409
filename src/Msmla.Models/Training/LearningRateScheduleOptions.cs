using System;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The learning-rate schedule: one record type per schedule, each with only its own fields. The base learning rate
    /// lr is <see cref="OptimizerOptions.LearningRate"/>; epochs e are 0-based; t counts optimizer updates (batches) from
    /// 0 over the whole run. Build one with the static methods. JSON: an object with a <c>"Kind"</c>
    /// (<c>"Constant"</c>, <c>"KerasInverseTimeDecay"</c>, <c>"StepDecay"</c>, <c>"ReduceOnPlateau"</c>, <c>"Cosine"</c>)
    /// and the kind's fields; a field of another kind is an error naming it (options files of the previous version, which
    /// listed every field, still load when the other kinds' fields hold that version's defaults).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><see cref="ConstantSchedule"/>: lr.</item>
    /// <item><see cref="KerasInverseTimeDecaySchedule"/>: update t uses lr / (1 + decay x t), exactly what Keras 2 optimizers
    /// do with their <c>decay</c> argument (t = <c>iterations</c> before the update).</item>
    /// <item><see cref="StepDecaySchedule"/>: epoch e uses lr x factor^floor(e / N).</item>
    /// <item><see cref="ReduceOnPlateauSchedule"/>: as Keras' <c>ReduceLROnPlateau</c>, run by the
    /// <see cref="Callbacks.ReduceLearningRateOnPlateau"/> callback the trainer adds for it.</item>
    /// <item><see cref="CosineSchedule"/>: epoch e uses min + (lr - min)(1 + cos(pi x min(e, T) / T)) / 2, as PyTorch's
    /// <c>CosineAnnealingLR</c> stepped per epoch.</item>
    /// </list>
    /// </remarks>
    [JsonConverter(typeof(KindJsonConverter<LearningRateScheduleOptions>))]
    public abstract record LearningRateScheduleOptions
    {
        private protected LearningRateScheduleOptions()
        {
        }

        /// <summary>The kind's name in JSON and messages (<c>Constant</c>, <c>StepDecay</c>, ...).</summary>
        [JsonIgnore]
        public abstract string Kind { get; }

        /// <summary>A constant learning rate.</summary>
        public static ConstantSchedule Constant() => new();

        /// <summary>Keras' per-update decay: lr / (1 + <paramref name="decay"/> x t).</summary>
        public static KerasInverseTimeDecaySchedule KerasInverseTimeDecay(double decay) => new() { Decay = decay };

        /// <summary>Multiply the rate by <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs.</summary>
        public static StepDecaySchedule StepDecay(double factor, int everyEpochs) => new() { Factor = factor, StepEpochs = everyEpochs };

        /// <summary>
        /// Multiply the rate by <paramref name="factor"/> after <paramref name="patience"/> epochs without improvement of
        /// <paramref name="monitor"/> (null = the validation loss), as Keras' <c>ReduceLROnPlateau</c>.
        /// </summary>
        public static ReduceOnPlateauSchedule ReduceOnPlateau(
            double factor = 0.1, int patience = 10, TrainingMonitor? monitor = null,
            double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0) =>
            new()
            {
                Factor = factor, Patience = patience, Monitor = monitor ?? TrainingMonitor.ValidationLoss,
                MinDelta = minDelta, Cooldown = cooldown, MinLearningRate = minLearningRate,
            };

        /// <summary>Cosine annealing to <paramref name="minLearningRate"/> over <paramref name="epochs"/> epochs (null = the whole run).</summary>
        public static CosineSchedule Cosine(int? epochs = null, double minLearningRate = 0) => new() { CosineEpochs = epochs, MinLearningRate = minLearningRate };

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public LearningRateScheduleOptions Validate()
        {
            ValidateKind();
            return this;
        }

        /// <summary>The learning rate of optimizer update <paramref name="step"/> (0-based over the run) in 0-based epoch <paramref name="epoch"/>.</summary>
        internal abstract double LearningRateAt(double baseLearningRate, long step, int epoch, int totalEpochs);

        /// <summary>Checks the kind's fields (<see cref="Fail"/> on the first out of range).</summary>
        private protected abstract void ValidateKind();

        /// <summary>Throws the <see cref="ArgumentException"/> of an option out of range.</summary>
        private protected void Fail(string option, string problem) =>
            throw new ArgumentException($"Invalid {Kind} learning-rate schedule option {option}: {problem}.", option);

        /// <summary>Fails unless <paramref name="value"/> is finite and 0 or more.</summary>
        private protected void CheckNonNegative(string option, double value)
        {
            if (!(value >= 0) || double.IsInfinity(value)) Fail(option, $"must be a finite value of 0 or more (got {value})");
        }
    }
}
