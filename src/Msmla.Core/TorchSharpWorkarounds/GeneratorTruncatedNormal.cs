using static TorchSharp.torch;

namespace Msmla.Core.TorchSharpWorkarounds
{
    /// <summary>
    /// Fills a tensor from a normal distribution truncated at +-2 standard deviations, drawing from a given generator.
    /// TorchSharp 0.107.0's <c>nn.init.trunc_normal_</c> takes a generator argument but ignores it (it calls
    /// <c>THSInit_trunc_normal_</c> without it and draws from the global generator), so seeded initialisations would
    /// depend on the global generator's state. This draws uniforms from the generator and maps them through the inverse
    /// CDF, as PyTorch's <c>trunc_normal_</c> does.
    /// </summary>
    /// <remarks>
    /// Upstream: no TorchSharp issue found (searched); PyTorch added the argument in pytorch/pytorch#100810. Delete when
    /// <c>nn.init.trunc_normal_</c> uses its generator (the sentinel test in Msmla.Core.Tests fails then).
    /// </remarks>
    internal static class GeneratorTruncatedNormal
    {
        // erf(2 / sqrt(2)): the central mass within two standard deviations.
        private const double CentralMass = 0.95449973610364158;

        /// <summary>Fills <paramref name="weight"/> (in place, without gradient) with N(0, <paramref name="std"/>^2) truncated at +-2 <paramref name="std"/>, from <paramref name="generator"/> (null: the global one).</summary>
        public static void Fill(Tensor weight, double std, Generator? generator)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor u = rand(weight.shape, ScalarType.Float64, weight.device, generator: generator);
            Tensor z = u.mul_(2 * CentralMass).sub_(CentralMass).erfinv_().mul_(System.Math.Sqrt(2) * std).clamp_(-2 * std, 2 * std);
            weight.copy_(z);
        }
    }
}
