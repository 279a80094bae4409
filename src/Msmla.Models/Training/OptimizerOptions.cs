using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The optimizer and its hyper-parameters. A plain record that round-trips through System.Text.Json.
    /// </summary>
    /// <remarks>
    /// <para>How Keras settings map to these (TorchSharp follows PyTorch):</para>
    /// <list type="bullet">
    /// <item>Keras <c>Adam(lr, beta_1, beta_2, epsilon=1e-7)</c> = <see cref="OptimizerKind.Adam"/> with the same values.
    /// The update differs only in where epsilon enters: Keras adds it to sqrt(v) before bias correction
    /// ("epsilon hat"), PyTorch after, so Keras' epsilon equals PyTorch's epsilon x sqrt(1 - beta2^t); with
    /// 1e-7 the difference is far below float32 noise once v is not tiny. Keras' default epsilon is 1e-7, PyTorch's 1e-8:
    /// <see cref="KerasAdam"/> and <see cref="KerasNadam"/> use 1e-7.</item>
    /// <item>Keras <c>Nadam(lr=0.002, schedule_decay=0.004, epsilon=1e-7)</c> = <see cref="OptimizerKind.Nadam"/> with
    /// <see cref="MomentumDecay"/> 0.004: TorchSharp's NAdam computes the same momentum schedule
    /// mu_t = beta1 (1 - 0.5 x 0.96^(t x 0.004)) and the same update. (PyTorch 1.13's NAdam differs: it multiplies mu_t
    /// into the next momentum product twice, a bug fixed in PyTorch 2.)</item>
    /// <item>Keras' <c>decay</c> argument of every optimizer (per-iteration inverse-time decay) is not an optimizer option
    /// here: use <see cref="LearningRateScheduleOptions.KerasInverseTimeDecay"/>.</item>
    /// <item>PyTorch / TorchGeo <c>AdamW(lr, weight_decay=0.01, eps=1e-8)</c> = <see cref="OptimizerKind.AdamW"/>.</item>
    /// </list>
    /// </remarks>
    public sealed record OptimizerOptions
    {
        /// <summary>Which optimizer. Default <see cref="OptimizerKind.Adam"/>.</summary>
        public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

        /// <summary>The initial learning rate (the schedule scales it). Default 0.002, the seed's value.</summary>
        public double LearningRate { get; init; } = 0.002;

        /// <summary>Exponential decay rate of the first moment (Adam, Nadam, AdamW). Default 0.9.</summary>
        public double Beta1 { get; init; } = 0.9;

        /// <summary>Exponential decay rate of the second moment (Adam, Nadam, AdamW). Default 0.999.</summary>
        public double Beta2 { get; init; } = 0.999;

        /// <summary>Term added to the denominator (Adam, Nadam, AdamW). Default 1e-7 (Keras); PyTorch's default is 1e-8.</summary>
        public double Epsilon { get; init; } = 1e-7;

        /// <summary>
        /// Weight decay. For Adam, Nadam and SGD an L2 penalty added to the gradient (PyTorch's <c>weight_decay</c>);
        /// for AdamW the decoupled decay. Default 0.
        /// </summary>
        public double WeightDecay { get; init; }

        /// <summary>Nadam's momentum decay (Keras' <c>schedule_decay</c>). Default 0.004.</summary>
        public double MomentumDecay { get; init; } = 0.004;

        /// <summary>Whether Adam and AdamW use the AMSGrad variant. Default false.</summary>
        public bool AmsGrad { get; init; }

        /// <summary>SGD momentum. Default 0.</summary>
        public double Momentum { get; init; }

        /// <summary>Whether SGD uses Nesterov momentum (needs <see cref="Momentum"/> &gt; 0). Default false.</summary>
        public bool Nesterov { get; init; }

        /// <summary>Keras' Adam: learning rate <paramref name="learningRate"/>, betas 0.9 / 0.999, epsilon 1e-7.</summary>
        public static OptimizerOptions KerasAdam(double learningRate = 0.001) =>
            new() { Kind = OptimizerKind.Adam, LearningRate = learningRate, Epsilon = 1e-7 };

        /// <summary>Keras' Nadam: learning rate <paramref name="learningRate"/>, betas 0.9 / 0.999, epsilon 1e-7, schedule decay 0.004.</summary>
        public static OptimizerOptions KerasNadam(double learningRate = 0.002) =>
            new() { Kind = OptimizerKind.Nadam, LearningRate = learningRate, Epsilon = 1e-7, MomentumDecay = 0.004 };

        /// <summary>PyTorch's AdamW: betas 0.9 / 0.999, epsilon 1e-8, weight decay <paramref name="weightDecay"/>.</summary>
        public static OptimizerOptions AdamW(double learningRate = 0.001, double weightDecay = 0.01) =>
            new() { Kind = OptimizerKind.AdamW, LearningRate = learningRate, Epsilon = 1e-8, WeightDecay = weightDecay };

        /// <summary>SGD with momentum <paramref name="momentum"/> (Nesterov when <paramref name="nesterov"/>).</summary>
        public static OptimizerOptions Sgd(double learningRate = 0.01, double momentum = 0.9, bool nesterov = false) =>
            new() { Kind = OptimizerKind.Sgd, LearningRate = learningRate, Momentum = momentum, Nesterov = nesterov };

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public OptimizerOptions Validate()
        {
            if (!Enum.IsDefined(Kind)) Fail(nameof(Kind), $"{(int)Kind} is not an optimizer");
            if (!(LearningRate >= 0) || double.IsInfinity(LearningRate)) Fail(nameof(LearningRate), $"must be a finite value of 0 or more (got {LearningRate})");
            if (!(Beta1 >= 0 && Beta1 < 1)) Fail(nameof(Beta1), $"must be in [0, 1) (got {Beta1})");
            if (!(Beta2 >= 0 && Beta2 < 1)) Fail(nameof(Beta2), $"must be in [0, 1) (got {Beta2})");
            if (!(Epsilon >= 0) || double.IsInfinity(Epsilon)) Fail(nameof(Epsilon), $"must be a finite value of 0 or more (got {Epsilon})");
            if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) Fail(nameof(WeightDecay), $"must be a finite value of 0 or more (got {WeightDecay})");
            if (!(MomentumDecay >= 0) || double.IsInfinity(MomentumDecay)) Fail(nameof(MomentumDecay), $"must be a finite value of 0 or more (got {MomentumDecay})");
            if (!(Momentum >= 0 && Momentum < 1)) Fail(nameof(Momentum), $"must be in [0, 1) (got {Momentum})");
            if (Nesterov && Kind == OptimizerKind.Sgd && Momentum <= 0) Fail(nameof(Nesterov), "needs a Momentum above 0");
            return this;

            static void Fail(string option, string problem) =>
                throw new ArgumentException($"Invalid optimizer option {option}: {problem}.", option);
        }
    }
}
