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
    /// The plain CNN of Rosentreter, Hagensieker &amp; Waske (2020), as reconstructed from its published parameter
    /// count (the layer table was not available): stages of [3x3 conv (bias) -&gt; BatchNorm -&gt; ReLU -&gt; 2x2 max-pool]
    /// with widths 16, 32, 64, 128, flatten, dense 256 -&gt; ReLU (-&gt; dropout), dense to the classes. Returns logits.
    /// The flatten width depends on the patch size: 2 x 2 x 128 = 512 for 32 x 32 inputs, so the model accepts only
    /// patches of <see cref="LczModelOptions.PatchSize"/>.
    /// </summary>
    /// <remarks>
    /// Weight keys: <c>stage1.conv</c>, <c>stage1.bn</c>, ... <c>stage4.conv</c>, <c>stage4.bn</c>, <c>fc1</c>, <c>fc2</c>.
    /// The flatten order is PyTorch's (channel, row, column); Keras flattens (row, column, channel), so imported Keras
    /// dense weights of <c>fc1</c> need their input axis permuted.
    /// </remarks>
    public sealed class RosentreterCnn : LczModel
    {
        private readonly ConvBatchNorm[] _stages;
        private readonly Linear fc1;
        private readonly Linear fc2;
        private readonly double _dropout;
        private readonly bool[] _poolAfter;

        internal RosentreterCnn(LczModelOptions options, Device? device = null) : base("RosentreterCnn", LczArchitecture.RosentreterCnn, options)
        {
            using var layers = new LayerFactory(options, device);
            int[] widths = options.StageWidths!;
            int[] depths = options.StageDepths!;
            long channels = options.Bands;
            long spatial = options.PatchSize;
            var stages = new System.Collections.Generic.List<ConvBatchNorm>();
            for (int i = 0; i < widths.Length; i++)
            {
                for (int j = 0; j < depths[i]; j++)
                {
                    var stage = new ConvBatchNorm(layers, channels, widths[i], 3, 1, bias: true, relu: true);
                    string name = depths[i] == 1
                        ? "stage" + (i + 1).ToString(CultureInfo.InvariantCulture)
                        : "stage" + (i + 1).ToString(CultureInfo.InvariantCulture) + "_" + (j + 1).ToString(CultureInfo.InvariantCulture);
                    register_module(name, stage);
                    stages.Add(stage);
                    channels = widths[i];
                }
                spatial /= 2;
            }
            _stages = stages.ToArray();
            _poolAfter = BuildPoolMask(depths);
            FlattenWidth = channels * spatial * spatial;
            _dropout = options.DropoutRate!.Value;
            fc1 = layers.Dense(FlattenWidth, options.DenseUnits!.Value, KernelInitializer.HeNormal);
            register_module("fc1", fc1);
            fc2 = layers.Dense(options.DenseUnits!.Value, options.Classes, KernelInitializer.HeNormal);
            register_module("fc2", fc2);
        }

        /// <summary>Features entering the first dense layer (512 for 32 x 32 patches).</summary>
        public long FlattenWidth { get; }

        /// <inheritdoc />
        public override Tensor forward(Tensor input)
        {
            if (input.dim() == 4 && (input.size(2) != Options.PatchSize || input.size(3) != Options.PatchSize))
                throw new ArgumentException(
                    $"{Info.Name} flattens a fixed-size feature map: it needs {Options.PatchSize}x{Options.PatchSize} patches " +
                    $"(its PatchSize option), got {input.size(2)}x{input.size(3)}.", nameof(input));
            using var scope = NewDisposeScope();
            Tensor x = PrepareInput(input);
            for (int i = 0; i < _stages.Length; i++)
            {
                x = _stages[i].call(x);
                if (_poolAfter[i]) x = F.max_pool2d(x, 2);
            }
            Tensor hidden = F.relu(fc1.call(x.flatten(1)), inplace: true);
            if (_dropout > 0) hidden = F.dropout(hidden, _dropout, training);
            return fc2.call(hidden).MoveToOuterDisposeScope();
        }

        private static bool[] BuildPoolMask(int[] depths)
        {
            var mask = new System.Collections.Generic.List<bool>();
            foreach (int depth in depths)
            {
                for (int j = 0; j < depth; j++) mask.Add(j == depth - 1);
            }
            return mask.ToArray();
        }
    }
}
