using System;
using Msmla.Core.TorchSharpWorkarounds;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// Creates convolutions, dense layers and BatchNorms the way the released Keras models do: "same" padding,
    /// biases initialised to zero, Keras kernel initialisers, BatchNorm epsilon and momentum from the options.
    /// A seeded factory draws every initial weight from one generator, in creation order. On the <c>meta</c> device it
    /// creates the layers without storage or initial values (for their shapes alone; see <see cref="Msmla.Models.Weights.ModelShapes"/>).
    /// </summary>
    internal sealed class LayerFactory : IDisposable
    {
        /// <summary>The standard deviation of a unit normal truncated at +-2, by which Keras divides to keep the variance.</summary>
        public const double TruncatedNormalStd = 0.87962566103423978;

        private readonly double _epsilon;
        private readonly double _momentum;
        private readonly Generator? _generator;
        private readonly Device? _device;
        private readonly bool _shapesOnly;

        /// <summary>A factory for layers on <paramref name="device"/> (null: TorchSharp's default device).</summary>
        public LayerFactory(LczModelOptions options, Device? device = null)
        {
            _epsilon = options.BatchNormEpsilon;
            _momentum = options.TorchBatchNormMomentum;
            _device = device;
            _shapesOnly = device?.type == DeviceType.META;
            if (options.Seed is long seed && !_shapesOnly) _generator = new Generator(unchecked((ulong)seed), CPU);
        }

        /// <summary>A k x k convolution with "same" padding for stride 1 (padding k / 2).</summary>
        public Conv2d Conv(long inChannels, long outChannels, long kernelSize, long stride = 1, bool bias = true,
            KernelInitializer init = KernelInitializer.HeNormal)
        {
            Conv2d conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: kernelSize / 2, bias: bias, device: _device);
            long receptive = kernelSize * kernelSize;
            Initialize(conv.weight!, inChannels * receptive, outChannels * receptive, init);
            if (conv.bias is not null) ZeroInPlace(conv.bias);
            return conv;
        }

        /// <summary>A dense layer with bias.</summary>
        public Linear Dense(long inFeatures, long outFeatures, KernelInitializer init)
        {
            Linear linear = nn.Linear(inFeatures, outFeatures, hasBias: true, device: _device);
            Initialize(linear.weight!, inFeatures, outFeatures, init);
            ZeroInPlace(linear.bias!);
            return linear;
        }

        /// <summary>A BatchNorm with the options' epsilon and momentum; gamma 1, beta 0, mean 0, variance 1 (as Keras).</summary>
        public BatchNorm2d BatchNorm(long channels) => nn.BatchNorm2d(channels, eps: _epsilon, momentum: _momentum, device: _device);

        public void Dispose() => _generator?.Dispose();

        private void Initialize(Tensor weight, long fanIn, long fanOut, KernelInitializer init)
        {
            if (_shapesOnly) return;
            using var _ = no_grad();
            switch (init)
            {
                case KernelInitializer.HeNormal:
                    TruncatedNormal(weight, Math.Sqrt(2.0 / fanIn) / TruncatedNormalStd);
                    break;
                case KernelInitializer.FanInTruncatedNormal:
                    TruncatedNormal(weight, Math.Sqrt(1.0 / fanIn) / TruncatedNormalStd);
                    break;
                case KernelInitializer.GlorotUniform:
                    double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                    weight.uniform_(-limit, limit, _generator);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown kernel initialiser.");
            }
        }

        /// <summary>
        /// Fills <paramref name="weight"/> from a normal with standard deviation <paramref name="std"/> truncated at +-2 sd,
        /// from this factory's generator (the TorchSharp 0.107 workaround <see cref="GeneratorTruncatedNormal"/>).
        /// </summary>
        private void TruncatedNormal(Tensor weight, double std) => GeneratorTruncatedNormal.Fill(weight, std, _generator);

        private void ZeroInPlace(Tensor t)
        {
            if (_shapesOnly) return;
            using var _ = no_grad();
            t.zero_();
        }
    }
}
