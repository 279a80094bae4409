using System.Globalization;
using Msmla.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Architectures
{
    /// <summary>
    /// A reconstruction of LCZNet (Liu &amp; Shi 2020), whose layer table is not public: an SE-ResNet with a 3x3 stem
    /// convolution (64) -&gt; BatchNorm -&gt; ReLU, three stages of basic residual blocks with Squeeze-and-Excitation
    /// (widths 64, 128, 256; two blocks each; strides 1, 2, 2; SE ratio 16; convolutions without bias as usual before
    /// BatchNorm), global average pooling (-&gt; dropout) and a linear classifier. Returns logits.
    /// Its metadata keeps the released LCZNet's band order (B2, B3, B4, B5, B6, B7, B8, B11, B12, B8A) and DN / 5000 scaling.
    /// </summary>
    /// <remarks>
    /// Weight keys: <c>stem.conv</c>, <c>stem.bn</c>; <c>stagek.blockj.conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>,
    /// <c>shortcut.conv</c>, <c>shortcut.bn</c> (when the block changes width or stride), <c>se.fc1</c>, <c>se.fc2</c>;
    /// <c>fc</c>. 2,805,961 trainable parameters for 10 bands and 17 classes (the original is published with 3,181,809).
    /// </remarks>
    public sealed class LczNet : LczModel
    {
        private readonly ConvBatchNorm stem;
        private readonly Sequential[] _stages;
        private readonly Linear fc;
        private readonly double _dropout;

        internal LczNet(LczModelOptions options, Device? device = null) : base("LczNet", LczArchitecture.LczNet, options)
        {
            using var layers = new LayerFactory(options, device);
            int[] widths = options.StageWidths!;
            int[] depths = options.StageDepths!;
            stem = new ConvBatchNorm(layers, options.Bands, widths[0], 3, 1, bias: false, relu: true);
            register_module("stem", stem);
            _stages = new Sequential[widths.Length];
            long channels = widths[0];
            for (int i = 0; i < widths.Length; i++)
            {
                var stage = nn.Sequential();
                for (int j = 0; j < depths[i]; j++)
                {
                    long stride = j == 0 && i > 0 ? 2 : 1;
                    bool projection = stride != 1 || channels != widths[i];
                    stage.append("block" + j.ToString(CultureInfo.InvariantCulture),
                        new SeResidualBlock(layers, channels, widths[i], 3, stride, projection, options.SeRatio!.Value, bias: false));
                    channels = widths[i];
                }
                _stages[i] = stage;
                register_module("stage" + (i + 1).ToString(CultureInfo.InvariantCulture), stage);
            }
            _dropout = options.DropoutRate!.Value;
            fc = layers.Dense(channels, options.Classes, KernelInitializer.HeNormal);
            register_module("fc", fc);
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor x = stem.call(PrepareInput(input));
            foreach (Sequential stage in _stages) x = stage.call(x);
            Tensor features = Reductions.SpatialMean(x);
            if (_dropout > 0) features = F.dropout(features, _dropout, training);
            return fc.call(features).MoveToOuterDisposeScope();
        }
    }
}
