using System.Collections.Generic;

namespace Msmla.Models.Weights
{
    /// <summary>What a Keras import did.</summary>
    /// <param name="FilePath">The HDF5 file.</param>
    /// <param name="KerasVersion">The file's <c>keras_version</c> attribute, or null.</param>
    /// <param name="Mappings">Every imported layer and its target, in the model's Keras creation order.</param>
    /// <param name="Load">The keys loaded into the model (BatchNorm's <c>num_batches_tracked</c> has no Keras counterpart and is listed as missing).</param>
    public sealed record KerasImportReport(string FilePath, string? KerasVersion, IReadOnlyList<KerasLayerMapping> Mappings, WeightLoadReport Load);
}
