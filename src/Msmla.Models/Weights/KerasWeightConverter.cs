using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Converts one Keras layer's weights to the model's state tensors: Conv2D kernels HWIO (kh, kw, in, out) to OIHW,
    /// Dense kernels (in, out) to (out, in) (with the Flatten reordering where needed), BatchNormalization gamma, beta,
    /// moving_mean, moving_variance to weight, bias, running_mean, running_var. Biases are copied.
    /// </summary>
    internal static class KerasWeightConverter
    {
        /// <summary>The state tensors (key suffix -&gt; tensor) of one layer; the caller disposes them.</summary>
        public static Dictionary<string, Tensor> Convert(KerasLayerWeights layer, KerasLayerTarget target)
        {
            var result = new Dictionary<string, Tensor>();
            switch (target.Kind)
            {
                case KerasLayerKind.Conv2D:
                {
                    using Tensor kernel = Load(layer.Find("kernel")!);
                    result["weight"] = kernel.permute(3, 2, 0, 1).contiguous();
                    break;
                }
                case KerasLayerKind.Dense:
                {
                    using Tensor kernel = Load(layer.Find("kernel")!);
                    if (target.FlattenFrom is { } map)
                    {
                        long outputs = kernel.shape[1];
                        // Rows are (row, column, channel) in Keras; PyTorch flattens (channel, row, column).
                        using Tensor grid = kernel.reshape(map.Height, map.Width, map.Channels, outputs);
                        result["weight"] = grid.permute(3, 2, 0, 1).reshape(outputs, -1).contiguous();
                    }
                    else
                    {
                        result["weight"] = kernel.t().contiguous();
                    }
                    break;
                }
                case KerasLayerKind.BatchNormalization:
                    result["weight"] = Load(layer.Find("gamma")!);
                    result["bias"] = Load(layer.Find("beta")!);
                    result["running_mean"] = Load(layer.Find("moving_mean")!);
                    result["running_var"] = Load(layer.Find("moving_variance")!);
                    break;
            }
            if (target.Kind != KerasLayerKind.BatchNormalization && layer.Find("bias") is { } bias)
                result["bias"] = Load(bias);
            return result;
        }

        /// <summary>
        /// The Keras weight role and shape that a state tensor of the model (key suffix <paramref name="suffix"/>,
        /// shape <paramref name="shape"/>) corresponds to: conv weight (O, I, kh, kw) is kernel (kh, kw, I, O), dense
        /// weight (O, I) is kernel (I, O), BatchNorm weight/bias/running_mean/running_var are gamma/beta/moving_mean/moving_variance.
        /// </summary>
        public static (string Role, long[] Shape) KerasCounterpart(KerasLayerKind kind, string suffix, long[] shape) => (kind, suffix) switch
        {
            (KerasLayerKind.Conv2D, "weight") when shape.Length == 4 => ("kernel", new[] { shape[2], shape[3], shape[1], shape[0] }),
            (KerasLayerKind.Dense, "weight") when shape.Length == 2 => ("kernel", new[] { shape[1], shape[0] }),
            (KerasLayerKind.BatchNormalization, "weight") => ("gamma", shape),
            (KerasLayerKind.BatchNormalization, "bias") => ("beta", shape),
            (KerasLayerKind.BatchNormalization, "running_mean") => ("moving_mean", shape),
            (KerasLayerKind.BatchNormalization, "running_var") => ("moving_variance", shape),
            _ => (suffix, shape),
        };

        private static Tensor Load(KerasWeight weight) => tensor(weight.Values, weight.Shape.ToArray());
    }
}
