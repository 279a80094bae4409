using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>The optimizers the trainer builds (TorchSharp's implementations).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
    public enum OptimizerKind
    {
        /// <summary>Adam (Kingma &amp; Ba): TorchSharp <c>optim.Adam</c>; L2 weight decay added to the gradient.</summary>
        Adam,

        /// <summary>
        /// Nadam, Adam with Nesterov momentum (Dozat): TorchSharp <c>optim.NAdam</c>, which follows Keras' Nadam
        /// (its <c>schedule_decay</c> is TorchSharp's <c>momentum_decay</c>).
        /// </summary>
        Nadam,

        /// <summary>AdamW (Loshchilov &amp; Hutter): TorchSharp <c>optim.AdamW</c>, decoupled weight decay.</summary>
        AdamW,

        /// <summary>Stochastic gradient descent with optional (Nesterov) momentum: TorchSharp <c>optim.SGD</c>.</summary>
        Sgd,
    }
}
