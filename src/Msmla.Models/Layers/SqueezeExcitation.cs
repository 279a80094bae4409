using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// Squeeze-and-Excitation: x * sigmoid(fc2(ReLU(fc1(GAP(x))))). Weight keys <c>fc1.weight</c> [C/r, C],
    /// <c>fc1.bias</c>, <c>fc2.weight</c> [C, C/r], <c>fc2.bias</c>. Keras' default Glorot-uniform initialisation
    /// (the released MSMLA code gives the SE dense layers no initialiser).
    /// </summary>
    internal sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1;
        private readonly Linear fc2;

        public SqueezeExcitation(LayerFactory layers, long channels, int ratio, KernelInitializer init = KernelInitializer.GlorotUniform)
            : base(nameof(SqueezeExcitation))
        {
            long hidden = channels / ratio;
            fc1 = layers.Dense(channels, hidden, init);
            fc2 = layers.Dense(hidden, channels, init);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using Tensor gate = Gate(x);
            return x * gate;
        }

        /// <summary>
        /// The channel weights of <paramref name="x"/> [N, C, H, W] as [N, C, 1, 1]: a block that adds a shortcut to the
        /// excited map computes <c>shortcut + x * gate</c> in one pass (<see cref="ExciteAndAdd"/>).
        /// </summary>
        public Tensor Gate(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor pooled = Reductions.SpatialMean(x);
            Tensor hidden = F.relu(fc1.call(pooled), inplace: true);
            Tensor gate = fc2.call(hidden).sigmoid_();
            return gate.view(gate.size(0), gate.size(1), 1, 1).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// ReLU(<paramref name="shortcut"/> + SE(<paramref name="x"/>)), the end of a residual SE block, with the excitation
        /// and the addition in one <c>addcmul</c> (one pass over the maps fewer than multiplying, then adding).
        /// </summary>
        public Tensor ExciteAndAdd(Tensor x, Tensor shortcut)
        {
            using Tensor gate = Gate(x);
            return F.relu(addcmul(shortcut, x, gate, 1), inplace: true);
        }
    }
}
