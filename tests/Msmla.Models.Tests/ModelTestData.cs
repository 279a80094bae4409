using System.Linq;
using Msmla.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Tests;

/// <summary>Shared helpers for model tests: seeded inputs and non-trivial BatchNorm state.</summary>
internal static class ModelTestData
{
    /// <summary>A seeded standard-normal batch [n, bands, size, size].</summary>
    public static Tensor Input(int n, int bands, int size, long seed = 7)
    {
        using var generator = new Generator((ulong)seed, CPU);
        return randn(new long[] { n, bands, size, size }, generator: generator);
    }

    /// <summary>
    /// Gives every BatchNorm realistic, non-trivial state: running statistics measured on <paramref name="calibration"/>
    /// (one training-mode pass with momentum 1, as after training; fresh statistics are the identity, under which deep
    /// untrained networks overflow in eval mode), then perturbed, and random affine parameters. This makes eval-mode
    /// comparisons and BatchNorm folding meaningful.
    /// </summary>
    public static void RandomizeBatchNorm(LczModel model, long seed = 11)
    {
        using Tensor calibration = Input(16, model.Options.Bands, model.Options.PatchSize, seed + 1000);
        RandomizeBatchNorm(model, calibration, seed);
    }

    /// <inheritdoc cref="RandomizeBatchNorm(LczModel, long)"/>
    public static void RandomizeBatchNorm(nn.Module<Tensor, Tensor> model, Tensor calibration, long seed = 11)
    {
        var norms = model.modules().OfType<BatchNorm2d>().ToList();
        bool wasTraining = model.training;
        using (no_grad())
        {
            foreach (BatchNorm2d norm in norms) norm.momentum = 1.0;
            model.train();
            using (NewDisposeScope()) model.call(calibration);
            foreach (BatchNorm2d norm in norms) norm.momentum = 0.01;
            model.train(wasTraining);
        }
        using var generator = new Generator((ulong)seed, CPU);
        using var _ = no_grad();
        foreach (BatchNorm2d norm in norms)
        {
            long c = norm.num_features;
            norm.weight!.copy_(rand(new long[] { c }, generator: generator) + 0.5);
            norm.bias!.copy_(randn(new long[] { c }, generator: generator) * 0.1);
            norm.running_mean!.add_(randn(new long[] { c }, generator: generator) * 0.1 * norm.running_var!.sqrt());
            norm.running_var!.mul_(rand(new long[] { c }, generator: generator) * 0.5 + 0.75);
        }
    }

    /// <summary>Largest absolute difference between two tensors.</summary>
    public static double MaxAbsDifference(Tensor a, Tensor b)
    {
        using Tensor d = (a - b).abs().max();
        return d.ToDouble();
    }

    /// <summary>Values of a tensor as a float array (CPU, contiguous copy).</summary>
    public static float[] ToArray(Tensor t)
    {
        using Tensor c = t.detach().cpu().contiguous().to(ScalarType.Float32);
        return c.data<float>().ToArray();
    }
}
