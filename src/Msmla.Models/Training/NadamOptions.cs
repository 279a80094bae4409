using System;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Nadam, Adam with Nesterov momentum (Dozat): TorchSharp <c>optim.NAdam</c>, which follows Keras' Nadam (its
    /// <c>schedule_decay</c> is TorchSharp's <c>momentum_decay</c>). Defaults are Keras': learning rate 0.002, betas
    /// 0.9 / 0.999, epsilon 1e-7, momentum decay 0.004.
    /// </summary>
    public sealed record NadamOptions : AdamFamilyOptions
    {
        /// <summary>Creates the options with Keras' defaults.</summary>
        public NadamOptions() => LearningRate = 0.002;

        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "Nadam";

        /// <summary>The momentum decay (Keras' <c>schedule_decay</c>). Default 0.004.</summary>
        public double MomentumDecay { get; init; } = 0.004;

        private protected override void ValidateKind()
        {
            base.ValidateKind();
            if (!(MomentumDecay >= 0) || double.IsInfinity(MomentumDecay)) Fail(nameof(MomentumDecay), $"must be a finite value of 0 or more (got {MomentumDecay})");
        }
    }
}
