using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// Basic residual block with Squeeze-and-Excitation:
    /// conv1 (k1 x k1, stride s) -&gt; bn1 -&gt; ReLU -&gt; conv2 (3x3) -&gt; bn2 -&gt; SE; plus the input, or the
    /// projection shortcut (1x1 conv stride s -&gt; BatchNorm) when present; ReLU.
    /// MSMLA-18 uses k1 = 1 in its SE-conv blocks and k1 = 3 in its SE-identity blocks (as released); LCZNet k1 = 3.
    /// Weight keys in Keras creation order: <c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, <c>shortcut.conv</c>,
    /// <c>shortcut.bn</c> (projection blocks only), <c>se.fc1</c>, <c>se.fc2</c>.
    /// </summary>
    internal sealed class SeResidualBlock : LczBlock
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly ConvBatchNorm? shortcut;
        private readonly SqueezeExcitation se;

        public SeResidualBlock(LayerFactory layers, long inChannels, long channels, long firstKernel, long stride, bool projection,
            int seRatio, bool bias) : base(nameof(SeResidualBlock))
        {
            conv1 = layers.Conv(inChannels, channels, firstKernel, stride, bias);
            bn1 = layers.BatchNorm(channels);
            conv2 = layers.Conv(channels, channels, 3, 1, bias);
            bn2 = layers.BatchNorm(channels);
            if (projection) shortcut = new ConvBatchNorm(layers, inChannels, channels, 1, stride, bias, relu: false);
            else if (stride != 1 || inChannels != channels)
                throw new System.ArgumentException($"An identity shortcut needs stride 1 and equal widths (got stride {stride}, {inChannels} -> {channels}).");
            se = new SqueezeExcitation(layers, channels, seRatio);
            Pair(conv1, bn1);
            Pair(conv2, bn2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor y = F.relu(ConvBn(conv1, bn1, x), inplace: true);
            y = ConvBn(conv2, bn2, y);
            Tensor identity = shortcut is null ? x : shortcut.call(x);
            return se.ExciteAndAdd(y, identity).MoveToOuterDisposeScope();
        }
    }
}
