using System.Text.Json.Serialization;

namespace Msmla.Models
{
    /// <summary>The LCZ classification networks this library builds.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<LczArchitecture>))]
    public enum LczArchitecture
    {
        /// <summary>MSMLA-18 (Kim, Jeong &amp; Kim 2021): multi-scale stem, SE residual blocks, multi-level CBAM attention.</summary>
        Msmla18,

        /// <summary>MSMLA-50: as <see cref="Msmla18"/> with bottleneck blocks and stage depths 3, 4, 6.</summary>
        Msmla50,

        /// <summary>Sen2LCZ-Net (Qiu et al. 2020) without multi-level fusion: one head on the last block.</summary>
        Sen2LczNet,

        /// <summary>Sen2LCZ-Net-MF: four heads whose softmax probabilities are averaged (the output is probabilities).</summary>
        Sen2LczNetMf,

        /// <summary>The plain CNN of Rosentreter, Hagensieker &amp; Waske (2020), reconstructed from its published parameter count.</summary>
        RosentreterCnn,

        /// <summary>LCZNet (Liu &amp; Shi 2020), reconstructed as an SE-ResNet (the layer table is not public).</summary>
        LczNet,
    }
}
