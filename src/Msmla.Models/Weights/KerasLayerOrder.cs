using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Recovers Keras' layer creation order from automatic layer names: Keras numbers each layer class in creation
    /// order (conv2d_1, conv2d_2, ... in Keras 2.1; conv2d, conv2d_1, ... in tf.keras), while <c>layer_names</c> lists
    /// layers in graph order, which differs where branches join (Sen2LCZ-Net-MF's heads are stored as dense_4, dense_1,
    /// dense_2, dense_5).
    /// </summary>
    internal static class KerasLayerOrder
    {
        /// <summary>The automatic name stem of each kind, as Keras derives it from the class name.</summary>
        public static string AutomaticStem(KerasLayerKind kind) => kind switch
        {
            KerasLayerKind.Conv2D => "conv2d",
            KerasLayerKind.Dense => "dense",
            KerasLayerKind.BatchNormalization => "batch_normalization",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No automatic name for this kind."),
        };

        /// <summary>
        /// Sorts layers of one kind into creation order by their automatic number (no number = 0). When any name is
        /// not automatic (a custom name), the file's <c>layer_names</c> order is kept for all of them.
        /// </summary>
        public static IReadOnlyList<T> CreationOrder<T>(IReadOnlyList<T> layers, Func<T, string> name, KerasLayerKind kind)
        {
            string stem = AutomaticStem(kind);
            var numbered = new List<(T Layer, long Number)>();
            foreach (T layer in layers)
            {
                long? number = AutomaticNumber(name(layer), stem);
                if (number == null) return layers;
                numbered.Add((layer, number.Value));
            }
            return numbered.OrderBy(n => n.Number).Select(n => n.Layer).ToList();
        }

        /// <summary>The automatic number of a name (<c>conv2d_12</c> -&gt; 12, <c>conv2d</c> -&gt; 0), or null for other names.</summary>
        public static long? AutomaticNumber(string name, string stem)
        {
            if (name == stem) return 0;
            if (!name.StartsWith(stem + "_", StringComparison.Ordinal)) return null;
            string suffix = name[(stem.Length + 1)..];
            return suffix.Length > 0 && suffix.All(char.IsAsciiDigit) && long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
        }
    }
}
