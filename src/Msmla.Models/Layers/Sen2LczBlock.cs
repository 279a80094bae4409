using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// One Sen2LCZ-Net block: n x [3x3 conv (bias) -&gt; BatchNorm -&gt; ReLU]. Weight keys <c>conv1</c>, <c>bn1</c>,
    /// <c>conv2</c>, <c>bn2</c>, ... registered in that (Keras creation) order. Pooling and dropout belong to the network.
    /// </summary>
    internal sealed class Sen2LczBlock : LczBlock
    {
        private readonly Conv2d[] _convs;
        private readonly BatchNorm2d[] _norms;

        public Sen2LczBlock(LayerFactory layers, long inChannels, long channels, int convolutions) : base(nameof(Sen2LczBlock))
        {
            _convs = new Conv2d[convolutions];
            _norms = new BatchNorm2d[convolutions];
            for (int i = 0; i < convolutions; i++)
            {
                _convs[i] = layers.Conv(i == 0 ? inChannels : channels, channels, 3);
                _norms[i] = layers.BatchNorm(channels);
                string index = (i + 1).ToString(CultureInfo.InvariantCulture);
                register_module("conv" + index, _convs[i]);
                register_module("bn" + index, _norms[i]);
                Pair(_convs[i], _norms[i]);
            }
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor y = x;
            for (int i = 0; i < _convs.Length; i++) y = F.relu(ConvBn(_convs[i], _norms[i], y), inplace: true);
            return y.MoveToOuterDisposeScope();
        }
    }
}
