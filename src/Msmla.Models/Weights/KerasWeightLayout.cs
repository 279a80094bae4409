using System.Collections.Generic;

namespace Msmla.Models.Weights
{
    /// <summary>What a Keras weight file holds, before any value is read.</summary>
    /// <param name="FilePath">The file.</param>
    /// <param name="KerasVersion">The <c>keras_version</c> attribute, or null.</param>
    /// <param name="Backend">The <c>backend</c> attribute, or null.</param>
    /// <param name="LayerNames">Every layer name in <c>layer_names</c> order.</param>
    /// <param name="Layers">The layers that hold weights.</param>
    internal sealed record KerasWeightLayout(string FilePath, string? KerasVersion, string? Backend, IReadOnlyList<string> LayerNames, IReadOnlyList<KerasLayerEntry> Layers);
}
