using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Architectures
{
    /// <summary>
    /// MSMLA-18 and MSMLA-50 (Kim, Jeong &amp; Kim 2021): multi-scale stem, SE residual stages and a multi-level
    /// attention branch whose globally pooled CBAM outputs join the final features before the classifier.
    /// Returns logits.
    /// </summary>
    /// <remarks>
    /// Weight keys (registered in Keras creation order):
    /// <c>stem.conv5x5</c>, <c>stem.conv3x3</c>, <c>stem.conv1x1</c>, <c>stem.cbam.channel.fc1/fc2/fc3</c>,
    /// <c>stem.cbam.spatial.conv</c>; for each stage k = 1..3: <c>stagek.block0.*</c> (SE-conv block),
    /// <c>stagek.cbam.*</c>, <c>stagek.block1.*</c>, ... (SE-identity blocks); block keys are <c>conv1</c>, <c>bn1</c>,
    /// <c>conv2</c>, <c>bn2</c>, (<c>conv3</c>, <c>bn3</c> for MSMLA-50), <c>shortcut.conv</c>, <c>shortcut.bn</c>,
    /// <c>se.fc1</c>, <c>se.fc2</c>; finally <c>fc</c>, the classifier on
    /// concat[GAP(final), GAP(stem CBAM), GAP(stage CBAMs)] (240 features for MSMLA-18, 768 for MSMLA-50).
    /// </remarks>
    public sealed class MsmlaNet : LczModel
    {
        private readonly MsmlaStem stem;
        private readonly MsmlaStage[] _stages;
        private readonly Linear fc;
        private readonly double _dropout;

        internal MsmlaNet(LczArchitecture architecture, LczModelOptions options, Device? device = null)
            : base(architecture == LczArchitecture.Msmla50 ? "MSMLA-50" : "MSMLA-18", architecture, options)
        {
            if (architecture is not (LczArchitecture.Msmla18 or LczArchitecture.Msmla50))
                throw new ArgumentException($"MsmlaNet builds MSMLA-18 and MSMLA-50, not {architecture}.", nameof(architecture));
            bool bottleneck = architecture == LczArchitecture.Msmla50;
            using var layers = new LayerFactory(options, device);
            stem = new MsmlaStem(layers, options);
            register_module("stem", stem);
            int[] widths = options.StageWidths!;
            int[] depths = options.StageDepths!;
            _stages = new MsmlaStage[widths.Length];
            long channels = ArchitectureDefaults.MsmlaStemWidth;
            long headWidth = ArchitectureDefaults.MsmlaStemWidth;
            for (int i = 0; i < widths.Length; i++)
            {
                _stages[i] = new MsmlaStage(layers, options, bottleneck, channels, widths[i], depths[i], i == 0 ? 1 : 2);
                register_module("stage" + (i + 1).ToString(CultureInfo.InvariantCulture), _stages[i]);
                channels = _stages[i].OutChannels;
                headWidth += channels;
            }
            headWidth += channels;
            FeatureWidth = headWidth;
            _dropout = options.DropoutRate!.Value;
            fc = layers.Dense(headWidth, options.Classes, KernelInitializer.HeNormal);
            register_module("fc", fc);
        }

        /// <summary>Width of the concatenated multi-level feature vector the classifier sees (240 for MSMLA-18 defaults).</summary>
        public long FeatureWidth { get; }

        /// <inheritdoc />
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            input = PrepareInput(input);
            var pooled = new List<Tensor>(_stages.Length + 2) { null! };
            Tensor x = stem.call(input);
            pooled.Add(stem.Attention.Pooled(x));
            foreach (MsmlaStage stage in _stages)
            {
                for (int b = 0; b < stage.Blocks.Count; b++)
                {
                    x = stage.Blocks[b].call(x);
                    if (b == 0) pooled.Add(stage.Attention.Pooled(x));
                }
            }
            pooled[0] = Reductions.SpatialMean(x);
            Tensor features = cat(pooled, 1);
            if (_dropout > 0) features = F.dropout(features, _dropout, training);
            return fc.call(features).MoveToOuterDisposeScope();
        }
    }
}
