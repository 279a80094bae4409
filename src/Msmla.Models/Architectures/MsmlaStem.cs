using Msmla.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Architectures
{
    /// <summary>
    /// MSMLA's multi-scale stem: three parallel "same" convolutions of the input, 5x5 -&gt; 16, 3x3 -&gt; 32, 1x1 -&gt; 16
    /// (with bias, no BatchNorm, no activation), concatenated to 64 channels; and the CBAM applied to that output.
    /// Weight keys <c>conv5x5</c>, <c>conv3x3</c>, <c>conv1x1</c>, <c>cbam.*</c> (Keras creation order).
    /// <c>forward</c> returns the concatenation; the network calls <see cref="Attention"/> itself.
    /// </summary>
    internal sealed class MsmlaStem : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv5x5;
        private readonly Conv2d conv3x3;
        private readonly Conv2d conv1x1;
        private readonly Cbam cbam;

        public MsmlaStem(LayerFactory layers, LczModelOptions options) : base(nameof(MsmlaStem))
        {
            conv5x5 = layers.Conv(options.Bands, 16, 5);
            conv3x3 = layers.Conv(options.Bands, 32, 3);
            conv1x1 = layers.Conv(options.Bands, 16, 1);
            cbam = new Cbam(layers, ArchitectureDefaults.MsmlaStemWidth, options.CbamRatio, options.CbamKernelSize, options.Cbam);
            RegisterComponents();
        }

        /// <summary>The CBAM of the stem output (the first branch of the multi-level attention).</summary>
        public Cbam Attention => cbam;

        public override Tensor forward(Tensor x)
        {
            using Tensor a = conv5x5.call(x);
            using Tensor b = conv3x3.call(x);
            using Tensor c = conv1x1.call(x);
            return cat(new[] { a, b, c }, 1);
        }
    }
}
