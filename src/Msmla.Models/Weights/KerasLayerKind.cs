namespace Msmla.Models.Weights
{
    /// <summary>The kinds of Keras layers the importer recognises, told by the weights a layer holds.</summary>
    public enum KerasLayerKind
    {
        /// <summary><c>Conv2D</c>: a rank-4 <c>kernel</c> (height, width, in, out) and optionally a <c>bias</c>.</summary>
        Conv2D,

        /// <summary><c>Dense</c>: a rank-2 <c>kernel</c> (in, out) and optionally a <c>bias</c>.</summary>
        Dense,

        /// <summary><c>BatchNormalization</c>: <c>gamma</c>, <c>beta</c>, <c>moving_mean</c>, <c>moving_variance</c>.</summary>
        BatchNormalization,

        /// <summary>A layer with weights of another layout (not importable).</summary>
        Other,
    }
}
