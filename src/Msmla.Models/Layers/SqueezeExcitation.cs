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
            using var scope = NewDisposeScope();
            Tensor pooled = Reductions.SpatialMean(x);
            Tensor hidden = F.relu(fc1.call(pooled), inplace: true);
            Tensor gate = fc2.call(hidden).sigmoid_();
            return (x * gate.view(gate.size(0), gate.size(1), 1, 1)).MoveToOuterDisposeScope();
        }
    }
}
