using System.Collections.Generic;

namespace Msmla.Models.Summary
{
    /// <summary>One layer of a <see cref="ModelSummary"/>.</summary>
    /// <param name="Name">The layer's weight-key prefix, for example <c>stage1.block0.conv1</c>.</param>
    /// <param name="Type">The layer type, for example <c>Conv2d</c>.</param>
    /// <param name="OutputShape">The output shape for the traced batch of one patch, or null when the layer did not run (folded BatchNorm).</param>
    /// <param name="TrainableParameters">Parameters of the layer that receive gradients.</param>
    /// <param name="BatchNormStatistics">Running mean and variance values (BatchNorm layers only).</param>
    public sealed record ModelSummaryRow(
        string Name,
        string Type,
        IReadOnlyList<long>? OutputShape,
        long TrainableParameters,
        long BatchNormStatistics)
    {
        /// <summary>The parameter count Keras shows for the layer: trainable values plus BatchNorm statistics.</summary>
        public long KerasParameters => TrainableParameters + BatchNormStatistics;
    }
}
