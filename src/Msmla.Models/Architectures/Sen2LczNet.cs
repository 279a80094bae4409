using System;
using System.Globalization;
using Msmla.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Architectures
{
    /// <summary>
    /// Sen2LCZ-Net and Sen2LCZ-Net-MF (Qiu et al. 2020): blocks of 3x3 conv -&gt; BatchNorm -&gt; ReLU (widths 16, 32,
    /// 64, 128, four convolutions each); after every block but the last, 2x2 max-pool and 2x2 average-pool
    /// concatenated (channels double), with dropout after the pooled outputs of blocks 2 onwards.
    /// Without fusion the output is the logits of a linear classifier on the global average of the last block.
    /// With multi-level fusion (MF) each pooled output also feeds a head GAP -&gt; Linear -&gt; softmax, and the output is
    /// the mean of all heads' probabilities (<see cref="ModelOutputKind.Probabilities"/>).
    /// </summary>
    /// <remarks>
    /// Weight keys, registered in Keras creation order: <c>block1.conv1</c>, <c>block1.bn1</c>, ... <c>block1.conv4</c>,
    /// <c>block1.bn4</c>, <c>fusion1</c> (MF), <c>block2.*</c>, <c>fusion2</c>, <c>block3.*</c>, <c>fusion3</c>,
    /// <c>block4.*</c>, <c>classifier</c>. The released Keras weights name the convolutions conv2d_1..16 and the
    /// BatchNorms batch_normalization_1..16 in block order, and the heads dense_1 (<c>fusion1</c>, 32 inputs),
    /// dense_2 (<c>fusion2</c>, 64), dense_5 (<c>fusion3</c>, 128) and dense_4 (<c>classifier</c>, 128).
    /// </remarks>
    public sealed class Sen2LczNet : LczModel
    {
        private readonly Sen2LczBlock[] _blocks;
        private readonly Linear?[] _fusion;
        private readonly Linear classifier;
        private readonly double _dropout;
        private readonly bool _fused;

        internal Sen2LczNet(LczArchitecture architecture, LczModelOptions options, Device? device = null)
            : base(architecture == LczArchitecture.Sen2LczNetMf ? "Sen2LCZ-Net-MF" : "Sen2LCZ-Net", architecture, options)
        {
            if (architecture is not (LczArchitecture.Sen2LczNet or LczArchitecture.Sen2LczNetMf))
                throw new ArgumentException($"Sen2LczNet builds Sen2LCZ-Net and Sen2LCZ-Net-MF, not {architecture}.", nameof(architecture));
            _fused = architecture == LczArchitecture.Sen2LczNetMf;
            _dropout = options.DropoutRate!.Value;
            using var layers = new LayerFactory(options, device);
            int[] widths = options.StageWidths!;
            int[] depths = options.StageDepths!;
            _blocks = new Sen2LczBlock[widths.Length];
            _fusion = new Linear?[widths.Length - 1];
            long channels = options.Bands;
            for (int i = 0; i < widths.Length; i++)
            {
                string index = (i + 1).ToString(CultureInfo.InvariantCulture);
                _blocks[i] = new Sen2LczBlock(layers, channels, widths[i], depths[i]);
                register_module("block" + index, _blocks[i]);
                channels = widths[i];
                if (i < widths.Length - 1)
                {
                    channels *= 2;
                    if (_fused)
                    {
                        _fusion[i] = layers.Dense(channels, options.Classes, KernelInitializer.HeNormal);
                        register_module("fusion" + index, _fusion[i]!);
                    }
                }
            }
            classifier = layers.Dense(channels, options.Classes, KernelInitializer.HeNormal);
            register_module("classifier", classifier);
        }

        /// <summary>True for Sen2LCZ-Net-MF (multi-level fusion).</summary>
        public bool MultiLevelFusion => _fused;

        /// <summary>
        /// Softmax over classes; bfloat16 logits are taken in float32 (as PyTorch's autocast runs softmax), since in bfloat16
        /// its backward loses the gradient's direction to cancellation. float32 and float64 stay as they are.
        /// </summary>
        private static Tensor Softmax(Tensor logits) =>
            logits.dtype == ScalarType.BFloat16 ? F.softmax(logits, 1, ScalarType.Float32) : F.softmax(logits, 1);

        /// <inheritdoc />
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor x = PrepareInput(input);
            Tensor? probabilities = null;
            for (int i = 0; i < _blocks.Length; i++)
            {
                x = _blocks[i].call(x);
                if (i == _blocks.Length - 1) break;
                x = cat(new[] { F.max_pool2d(x, 2), F.avg_pool2d(x, 2) }, 1);
                if (i > 0 && _dropout > 0) x = F.dropout(x, _dropout, training);
                if (_fused)
                {
                    Tensor p = Softmax(_fusion[i]!.call(Reductions.SpatialMean(x)));
                    probabilities = probabilities is null ? p : probabilities + p;
                }
            }
            Tensor logits = classifier.call(Reductions.SpatialMean(x));
            if (!_fused) return logits.MoveToOuterDisposeScope();
            Tensor final = Softmax(logits);
            if (probabilities is not null) final = final + probabilities;
            return (final / _blocks.Length).MoveToOuterDisposeScope();
        }
    }
}
