using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// MSMLA-50's bottleneck block with Squeeze-and-Excitation:
    /// conv1 (1x1 d, stride s) -&gt; bn1 -&gt; ReLU -&gt; conv2 (3x3 d) -&gt; bn2 -&gt; ReLU -&gt; conv3 (1x1 4d) -&gt; bn3 -&gt; SE;
    /// plus the input or the projection shortcut (1x1 4d stride s -&gt; BatchNorm); ReLU.
    /// Weight keys in Keras creation order: <c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, <c>conv3</c>, <c>bn3</c>,
    /// <c>shortcut.conv</c>, <c>shortcut.bn</c> (projection blocks only), <c>se.fc1</c>, <c>se.fc2</c>.
    /// </summary>
    internal sealed class SeBottleneckBlock : LczBlock
    {
        /// <summary>Output channels per bottleneck channel.</summary>
        public const int Expansion = 4;

        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly Conv2d conv3;
        private readonly BatchNorm2d bn3;
        private readonly ConvBatchNorm? shortcut;
        private readonly SqueezeExcitation se;

        public SeBottleneckBlock(LayerFactory layers, long inChannels, long channels, long stride, bool projection, int seRatio)
            : base(nameof(SeBottleneckBlock))
        {
            long outChannels = channels * Expansion;
            conv1 = layers.Conv(inChannels, channels, 1, stride);
            bn1 = layers.BatchNorm(channels);
            conv2 = layers.Conv(channels, channels, 3);
            bn2 = layers.BatchNorm(channels);
            conv3 = layers.Conv(channels, outChannels, 1);
            bn3 = layers.BatchNorm(outChannels);
            if (projection) shortcut = new ConvBatchNorm(layers, inChannels, outChannels, 1, stride, bias: true, relu: false);
            else if (stride != 1 || inChannels != outChannels)
                throw new System.ArgumentException($"An identity shortcut needs stride 1 and equal widths (got stride {stride}, {inChannels} -> {outChannels}).");
            se = new SqueezeExcitation(layers, outChannels, seRatio);
            Pair(conv1, bn1);
            Pair(conv2, bn2);
            Pair(conv3, bn3);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor y = F.relu(ConvBn(conv1, bn1, x), inplace: true);
            y = F.relu(ConvBn(conv2, bn2, y), inplace: true);
            y = ConvBn(conv3, bn3, y);
            Tensor identity = shortcut is null ? x : shortcut.call(x);
            return se.ExciteAndAdd(y, identity).MoveToOuterDisposeScope();
        }
    }
}
