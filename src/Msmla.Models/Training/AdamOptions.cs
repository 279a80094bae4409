using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Adam (Kingma &amp; Ba): TorchSharp <c>optim.Adam</c>, L2 weight decay added to the gradient. Defaults are Keras':
    /// learning rate 0.001, betas 0.9 / 0.999, epsilon 1e-7.
    /// </summary>
    public sealed record AdamOptions : AdamFamilyOptions
    {
        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "Adam";

        /// <summary>Whether to use the AMSGrad variant. Default false.</summary>
        public bool AmsGrad { get; init; }
    }
}
