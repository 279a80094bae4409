using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// CBAM spatial attention: x * sigmoid(conv([mean_c(x), max_c(x)])), a k x k convolution 2 -&gt; 1 without bias,
    /// "same" padding. Weight key <c>conv.weight</c> [1, 2, k, k]; Keras VarianceScaling(1, fan_in, truncated normal) as released.
    /// </summary>
    internal sealed class SpatialAttention : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;

        public SpatialAttention(LayerFactory layers, int kernelSize) : base(nameof(SpatialAttention))
        {
            conv = layers.Conv(2, 1, kernelSize, bias: false, init: KernelInitializer.FanInTruncatedNormal);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using Tensor gate = Gate(x);
            return x * gate;
        }

        /// <summary>The spatial weights of <paramref name="x"/> [N, C, H, W]: sigmoid(conv([mean_c(x), max_c(x)])), [N, 1, H, W].</summary>
        public Tensor Gate(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor average = Reductions.ChannelMean(x);
            Tensor maximum = x.amax(new long[] { 1 }, keepdim: true);
            return conv.call(cat(new[] { average, maximum }, 1)).sigmoid_().MoveToOuterDisposeScope();
        }
    }
}
