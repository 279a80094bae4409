using System.Collections.Generic;
using System.Linq;

namespace Msmla.Models.Weights
{
    /// <summary>One weight dataset of a Keras file before its values are read.</summary>
    /// <param name="Name">The stored name, for example <c>conv2d_1/kernel:0</c>.</param>
    /// <param name="Role">The last name component without the <c>:0</c> suffix (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...).</param>
    /// <param name="Shape">The Keras shape, as the file records it.</param>
    /// <param name="DatasetPath">The dataset's path in the file.</param>
    internal sealed record KerasWeightEntry(string Name, string Role, IReadOnlyList<long> Shape, string DatasetPath)
    {
        /// <summary>The shape as text, for example <c>(3, 3, 10, 16)</c>.</summary>
        public string ShapeText => "(" + string.Join(", ", Shape) + ")";

        /// <summary>The number of values the shape holds, saturating at <see cref="long.MaxValue"/>.</summary>
        public long ValueCount => Shape.Aggregate(1L, (a, d) => d == 0 || a <= long.MaxValue / d ? a * d : long.MaxValue);
    }

    /// <summary>A Keras layer that holds weights, with their shapes but not their values (what an import checks first).</summary>
    /// <param name="Name">The layer name.</param>
    /// <param name="Kind">What its weights' roles and ranks say it is.</param>
    /// <param name="Weights">Its weights in the stored order.</param>
    internal sealed record KerasLayerEntry(string Name, KerasLayerKind Kind, IReadOnlyList<KerasWeightEntry> Weights)
    {
        /// <summary>The weight with a role, or null.</summary>
        public KerasWeightEntry? Find(string role) => Weights.FirstOrDefault(w => w.Role == role);
    }
}
