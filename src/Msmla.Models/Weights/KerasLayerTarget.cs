namespace Msmla.Models.Weights
{
    /// <summary>
    /// Where one Keras layer of an importable model goes: its kind, the model's submodule that receives its weights,
    /// and, for layers the original code names explicitly, that name.
    /// </summary>
    /// <param name="Kind">Conv2D, Dense or BatchNormalization.</param>
    /// <param name="Target">The model's submodule path (state keys are <c>Target.weight</c>, <c>Target.bias</c>, ...).</param>
    /// <param name="KerasName">The fixed Keras layer name given by the original code, or null for an automatically numbered layer (conv2d_N, dense_N, batch_normalization_N).</param>
    /// <param name="FlattenFrom">
    /// For a Dense layer fed by Keras' Flatten of a (height, width, channels) map: that map's shape, so the kernel's input
    /// axis is reordered from Keras' (row, column, channel) to PyTorch's (channel, row, column). Null otherwise.
    /// </param>
    public sealed record KerasLayerTarget(KerasLayerKind Kind, string Target, string? KerasName = null, (long Height, long Width, long Channels)? FlattenFrom = null);
}
