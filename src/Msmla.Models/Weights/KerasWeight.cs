using System.Collections.Generic;

namespace Msmla.Models.Weights
{
    /// <summary>One weight array of a Keras layer, as stored by <c>model.save_weights</c>.</summary>
    /// <param name="Name">The stored name, for example <c>conv2d_1/kernel:0</c>.</param>
    /// <param name="Role">The weight's role: the last name component without the <c>:0</c> suffix (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...).</param>
    /// <param name="Shape">The Keras shape (Conv2D kernels are height, width, in, out; Dense kernels in, out).</param>
    /// <param name="Values">The values in row-major order of <paramref name="Shape"/>.</param>
    internal sealed record KerasWeight(string Name, string Role, IReadOnlyList<long> Shape, float[] Values)
    {
        /// <summary>The shape as text, for example <c>(3, 3, 10, 16)</c>.</summary>
        public string ShapeText => "(" + string.Join(", ", Shape) + ")";
    }
}
