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

        /// <summary>
        /// The spatial mean of the module's output, [N, C], which is all MSMLA uses of it, computed without the attended
        /// map: with channel weights g and spatial weights s, mean_hw(x g s) is a batched matrix-vector product of
        /// x g [N, C, HW] and s [N, HW] (one pass over the maps fewer than weighting, then averaging).
        /// </summary>
        public Tensor Pooled(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor g = channel.Gate(x);
            Tensor weighted = x * g.view(g.size(0), g.size(1), 1, 1);
            Tensor s = spatial.Gate(weighted);
            long area = x.size(2) * x.size(3);
            return bmm(weighted.flatten(2), s.view(s.size(0), area, 1)).squeeze(2).div_(area).MoveToOuterDisposeScope();
        }
    }
}
