using System;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The optimizer and its hyper-parameters: one record type per optimizer (<see cref="AdamOptions"/>,
    /// <see cref="NadamOptions"/>, <see cref="AdamWOptions"/>, <see cref="SgdOptions"/>), each with only its own fields.
    /// Build one with the static methods or an initializer. JSON: an object with a <c>"Kind"</c> (<c>"Adam"</c>,
    /// <c>"Nadam"</c>, <c>"AdamW"</c>, <c>"Sgd"</c>) and the kind's fields; a field of another kind is an error naming it.
    /// </summary>
    /// <remarks>
    /// <para>How Keras settings map to these (TorchSharp follows PyTorch):</para>
    /// <list type="bullet">
    /// <item>Keras <c>Adam(lr, beta_1, beta_2, epsilon=1e-7)</c> = <see cref="AdamOptions"/> with the same values.
    /// The update differs only in where epsilon enters: Keras adds it to sqrt(v) before bias correction
    /// ("epsilon hat"), PyTorch after, so Keras' epsilon equals PyTorch's epsilon x sqrt(1 - beta2^t); with
    /// 1e-7 the difference is far below float32 noise once v is not tiny. Keras' default epsilon is 1e-7, PyTorch's 1e-8:
    /// <see cref="KerasAdam"/> and <see cref="KerasNadam"/> use 1e-7.</item>
    /// <item>Keras <c>Nadam(lr=0.002, schedule_decay=0.004, epsilon=1e-7)</c> = <see cref="NadamOptions"/> with
    /// <see cref="NadamOptions.MomentumDecay"/> 0.004: TorchSharp's NAdam computes the same momentum schedule
    /// mu_t = beta1 (1 - 0.5 x 0.96^(t x 0.004)) and the same update. (PyTorch 1.13's NAdam differs: it multiplies mu_t
    /// into the next momentum product twice, a bug fixed in PyTorch 2.)</item>
    /// <item>Keras' <c>decay</c> argument of every optimizer (per-iteration inverse-time decay) is not an optimizer option
    /// here: use <see cref="LearningRateScheduleOptions.KerasInverseTimeDecay"/>.</item>
    /// <item>PyTorch / TorchGeo <c>AdamW(lr, weight_decay=0.01, eps=1e-8)</c> = <see cref="AdamWOptions"/>.</item>
    /// </list>
    /// <para>
    /// Options files written by the previous version, which listed every field for every kind, still load: there a field
    /// of another kind is accepted when it holds the value that version wrote by default (it had no effect then either).
    /// </para>
    /// </remarks>
    [JsonConverter(typeof(KindJsonConverter<OptimizerOptions>))]
    public abstract record OptimizerOptions
    {
        private protected OptimizerOptions()
        {
        }

        /// <summary>The kind's name in JSON and messages: <c>Adam</c>, <c>Nadam</c>, <c>AdamW</c> or <c>Sgd</c>.</summary>
        [JsonIgnore]
        public abstract string Kind { get; }

        /// <summary>The initial learning rate (the schedule scales it).</summary>
        public double LearningRate { get; init; } = 0.001;

        /// <summary>
        /// Weight decay. For Adam, Nadam and SGD an L2 penalty added to the gradient (PyTorch's <c>weight_decay</c>);
        /// for AdamW the decoupled decay.
        /// </summary>
        public double WeightDecay { get; init; }

        /// <summary>Keras' Adam: learning rate <paramref name="learningRate"/>, betas 0.9 / 0.999, epsilon 1e-7.</summary>
        public static AdamOptions KerasAdam(double learningRate = 0.001) => new() { LearningRate = learningRate, Epsilon = 1e-7 };

        /// <summary>Keras' Nadam: learning rate <paramref name="learningRate"/>, betas 0.9 / 0.999, epsilon 1e-7, schedule decay 0.004.</summary>
        public static NadamOptions KerasNadam(double learningRate = 0.002) => new() { LearningRate = learningRate, Epsilon = 1e-7, MomentumDecay = 0.004 };

        /// <summary>PyTorch's AdamW: betas 0.9 / 0.999, epsilon 1e-8, weight decay <paramref name="weightDecay"/>.</summary>
        public static AdamWOptions AdamW(double learningRate = 0.001, double weightDecay = 0.01) =>
            new() { LearningRate = learningRate, Epsilon = 1e-8, WeightDecay = weightDecay };

        /// <summary>SGD with momentum <paramref name="momentum"/> (Nesterov when <paramref name="nesterov"/>).</summary>
        public static SgdOptions Sgd(double learningRate = 0.01, double momentum = 0.9, bool nesterov = false) =>
            new() { LearningRate = learningRate, Momentum = momentum, Nesterov = nesterov };

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public OptimizerOptions Validate()
        {
            if (!(LearningRate >= 0) || double.IsInfinity(LearningRate)) Fail(nameof(LearningRate), $"must be a finite value of 0 or more (got {LearningRate})");
            if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) Fail(nameof(WeightDecay), $"must be a finite value of 0 or more (got {WeightDecay})");
            ValidateKind();
            return this;
        }

        /// <summary>Checks the kind's own fields (<see cref="Fail"/> on the first out of range).</summary>
        private protected abstract void ValidateKind();

        /// <summary>Throws the <see cref="ArgumentException"/> of an option out of range.</summary>
        private protected void Fail(string option, string problem) =>
            throw new ArgumentException($"Invalid {Kind} optimizer option {option}: {problem}.", option);
    }
}
