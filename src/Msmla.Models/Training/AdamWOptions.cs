using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// AdamW (Loshchilov &amp; Hutter): TorchSharp <c>optim.AdamW</c>, decoupled weight decay. Defaults are PyTorch's:
    /// learning rate 0.001, betas 0.9 / 0.999, epsilon 1e-8, weight decay 0.01.
    /// </summary>
    public sealed record AdamWOptions : AdamFamilyOptions
    {
        /// <summary>Creates the options with PyTorch's defaults.</summary>
        public AdamWOptions()
        {
            Epsilon = 1e-8;
            WeightDecay = 0.01;
        }

        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "AdamW";

        /// <summary>Whether to use the AMSGrad variant. Default false.</summary>
        public bool AmsGrad { get; init; }
    }
}
