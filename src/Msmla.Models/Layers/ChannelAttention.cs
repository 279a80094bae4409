using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// CBAM channel attention, as released with MSMLA or as in the CBAM paper (see <see cref="CbamVariant"/>).
    /// Weight keys: <c>fc1</c> (C -&gt; C/r), <c>fc2</c> (C/r -&gt; C) and, for the released variant only, <c>fc3</c> (C -&gt; C).
    /// fc1 and fc2 use Keras' VarianceScaling(1, fan_in, truncated normal) as released; fc3 Keras' default Glorot uniform.
    /// </summary>
    internal sealed class ChannelAttention : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1;
        private readonly Linear fc2;
        private readonly Linear? fc3;
        private readonly CbamVariant _variant;

        public ChannelAttention(LayerFactory layers, long channels, int ratio, CbamVariant variant) : base(nameof(ChannelAttention))
        {
            _variant = variant;
            long hidden = channels / ratio;
            fc1 = layers.Dense(channels, hidden, KernelInitializer.FanInTruncatedNormal);
            fc2 = layers.Dense(hidden, channels, KernelInitializer.FanInTruncatedNormal);
            if (variant == CbamVariant.Released) fc3 = layers.Dense(channels, channels, KernelInitializer.GlorotUniform);
            else if (variant != CbamVariant.Textbook) throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown CBAM variant.");
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using Tensor gate = Gate(x);
            using Tensor scale = gate.view(gate.size(0), gate.size(1), 1, 1);
            return x * scale;
        }

        /// <summary>The channel weights of <paramref name="x"/> [N, C, H, W]: sigmoid of the attention logits, [N, C].</summary>
        public Tensor Gate(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor average = Reductions.SpatialMean(x);
            Tensor logits;
            if (_variant == CbamVariant.Released)
            {
                Tensor a = F.relu(fc2.call(F.relu(fc1.call(average), inplace: true)), inplace: true);
                Tensor b = F.relu(fc3!.call(a), inplace: true);
                logits = a + b;
            }
            else
            {
                Tensor maximum = x.amax(new long[] { 2, 3 });
                logits = fc2.call(F.relu(fc1.call(average), inplace: true)) + fc2.call(F.relu(fc1.call(maximum), inplace: true));
            }
            return logits.sigmoid_().MoveToOuterDisposeScope();
        }
    }
}
