using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Stochastic gradient descent with optional (Nesterov) momentum: TorchSharp <c>optim.SGD</c> (no dampening).
    /// Defaults: learning rate 0.01, no momentum.
    /// </summary>
    public sealed record SgdOptions : OptimizerOptions
    {
        /// <summary>Creates the options with their defaults.</summary>
        public SgdOptions() => LearningRate = 0.01;

        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "Sgd";

        /// <summary>The momentum factor in [0, 1). Default 0.</summary>
        public double Momentum { get; init; }

        /// <summary>Whether to use Nesterov momentum (needs <see cref="Momentum"/> &gt; 0). Default false.</summary>
        public bool Nesterov { get; init; }

        private protected override void ValidateKind()
        {
            if (!(Momentum >= 0 && Momentum < 1)) Fail(nameof(Momentum), $"must be in [0, 1) (got {Momentum})");
            if (Nesterov && Momentum <= 0) Fail(nameof(Nesterov), "needs a Momentum above 0");
        }
    }
}
