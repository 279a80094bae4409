using System.Collections.Generic;
using System.Linq;

namespace Msmla.Models.Weights
{
    /// <summary>A Keras layer that holds weights, in the order of the file's <c>layer_names</c>.</summary>
    /// <param name="Name">The layer name, for example <c>batch_normalization_3</c>.</param>
    /// <param name="Kind">What its weights say it is.</param>
    /// <param name="Weights">Its weights in the stored order.</param>
    internal sealed record KerasLayerWeights(string Name, KerasLayerKind Kind, IReadOnlyList<KerasWeight> Weights)
    {
        /// <summary>The weight with a role (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...), or null.</summary>
        public KerasWeight? Find(string role) => Weights.FirstOrDefault(w => w.Role == role);

        /// <summary>Tells a layer's kind from the roles and ranks of its weights.</summary>
        internal static KerasLayerKind Classify(IReadOnlyList<(string Role, int Rank)> weights)
        {
            var roles = weights.Select(w => w.Role).ToHashSet();
            int? kernelRank = weights.Where(w => w.Role == "kernel").Select(w => (int?)w.Rank).FirstOrDefault();
            if (kernelRank != null && roles.IsSubsetOf(new[] { "kernel", "bias" }))
            {
                if (kernelRank == 4) return KerasLayerKind.Conv2D;
                if (kernelRank == 2) return KerasLayerKind.Dense;
            }
            if (roles.SetEquals(new[] { "gamma", "beta", "moving_mean", "moving_variance" }))
                return KerasLayerKind.BatchNormalization;
            return KerasLayerKind.Other;
        }
    }
}
