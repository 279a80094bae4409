using System.Collections.Generic;
using System.Globalization;
using Msmla.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Architectures
{
    /// <summary>
    /// One MSMLA stage: an SE-conv block (projection shortcut, stride s), the stage's CBAM (applied to that block's
    /// output), then SE-identity blocks. Weight keys <c>block0.*</c>, <c>cbam.*</c>, <c>block1.*</c>, ... registered in
    /// that order, which is the Keras creation order. The network drives the blocks and the CBAM itself.
    /// </summary>
    internal sealed class MsmlaStage : nn.Module
    {
        private readonly Cbam cbam = null!;

        public MsmlaStage(LayerFactory layers, LczModelOptions options, bool bottleneck, long inChannels, int width, int depth, int stride)
            : base(nameof(MsmlaStage))
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            long outChannels = bottleneck ? (long)width * SeBottleneckBlock.Expansion : width;
            int seRatio = options.SeRatio!.Value;
            for (int i = 0; i < depth; i++)
            {
                bool first = i == 0;
                long input = first ? inChannels : outChannels;
                nn.Module<Tensor, Tensor> block = bottleneck
                    ? new SeBottleneckBlock(layers, input, width, first ? stride : 1, projection: first, seRatio)
                    : new SeResidualBlock(layers, input, width, first ? 1 : 3, first ? stride : 1, projection: first, seRatio, bias: true);
                blocks.Add(block);
                register_module("block" + i.ToString(CultureInfo.InvariantCulture), block);
                if (first)
                {
                    cbam = new Cbam(layers, outChannels, options.CbamRatio, options.CbamKernelSize, options.Cbam);
                    register_module("cbam", cbam);
                }
            }
            Blocks = blocks;
            OutChannels = outChannels;
        }

        /// <summary>The blocks in order; the first has the projection shortcut.</summary>
        public IReadOnlyList<nn.Module<Tensor, Tensor>> Blocks { get; }

        /// <summary>The CBAM applied to the first block's output.</summary>
        public Cbam Attention => cbam;

        /// <summary>Channels of the stage output.</summary>
        public long OutChannels { get; }
    }
}
