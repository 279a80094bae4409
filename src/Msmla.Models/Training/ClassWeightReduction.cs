using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>How a batch loss with class weights is averaged (w_i is the weight of sample i's true class, l_i its loss).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ClassWeightReduction>))]
    public enum ClassWeightReduction
    {
        /// <summary>
        /// PyTorch's <c>cross_entropy(weight=w)</c> / <c>nll_loss(weight=w)</c>: sum_i w_i l_i / sum_i w_i. With label
        /// smoothing the smoothing term of each class is weighted by that class's weight, as PyTorch does.
        /// </summary>
        WeightedMean,

        /// <summary>Keras' <c>class_weight</c>: each sample's whole loss is scaled by its weight, then averaged over the batch: sum_i w_i l_i / N.</summary>
        KerasSampleWeights,
    }
}
