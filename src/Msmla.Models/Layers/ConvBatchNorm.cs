using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// Convolution -&gt; BatchNorm, optionally followed by ReLU. Weight keys <c>conv.weight</c>, <c>conv.bias</c>
    /// (when the convolution has one), <c>bn.weight</c>, <c>bn.bias</c>, <c>bn.running_mean</c>, <c>bn.running_var</c>.
    /// Used for residual shortcuts, the CNN's stages and LCZNet's stem.
    /// </summary>
    internal sealed class ConvBatchNorm : LczBlock
    {
        private readonly Conv2d conv;
        private readonly BatchNorm2d bn;
        private readonly bool _relu;

        public ConvBatchNorm(LayerFactory layers, long inChannels, long outChannels, long kernelSize, long stride, bool bias, bool relu)
            : base(nameof(ConvBatchNorm))
        {
            conv = layers.Conv(inChannels, outChannels, kernelSize, stride, bias);
            bn = layers.BatchNorm(outChannels);
            _relu = relu;
            Pair(conv, bn);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            Tensor y = ConvBn(conv, bn, x);
            return _relu ? F.relu(y, inplace: true) : y;
        }
    }
}
