using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// Convolutional Block Attention Module: channel attention then spatial attention.
    /// Weight keys <c>channel.fc1</c>, <c>channel.fc2</c>, <c>channel.fc3</c> (released variant) and <c>spatial.conv</c>.
    /// </summary>
    internal sealed class Cbam : nn.Module<Tensor, Tensor>
    {
        private readonly ChannelAttention channel;
        private readonly SpatialAttention spatial;

        public Cbam(LayerFactory layers, long channels, int ratio, int kernelSize, CbamVariant variant) : base(nameof(Cbam))
        {
            channel = new ChannelAttention(layers, channels, ratio, variant);
            spatial = new SpatialAttention(layers, kernelSize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using Tensor attended = channel.call(x);
            return spatial.call(attended);
        }
    }
}
