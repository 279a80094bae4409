namespace Msmla.Models.Weights
{
    /// <summary>One imported Keras layer and the submodule that received its weights.</summary>
    /// <param name="KerasLayer">The Keras layer name in the file.</param>
    /// <param name="Kind">Its kind.</param>
    /// <param name="Target">The model's submodule path.</param>
    public sealed record KerasLayerMapping(string KerasLayer, KerasLayerKind Kind, string Target);
}
