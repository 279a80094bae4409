using System.Text.Json.Serialization;

namespace Msmla.Models
{
    /// <summary>What a model's <c>forward</c> returns.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ModelOutputKind>))]
    public enum ModelOutputKind
    {
        /// <summary>Unnormalised class scores: apply softmax for probabilities, use cross-entropy on logits for training.</summary>
        Logits,

        /// <summary>Class probabilities (each row sums to 1): do not apply softmax again; train with the negative log of the probabilities.</summary>
        Probabilities,
    }
}
