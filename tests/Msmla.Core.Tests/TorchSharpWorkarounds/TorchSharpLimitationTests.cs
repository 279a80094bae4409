using System;
using System.IO;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Core.TorchSharpWorkarounds;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Core.Tests.TorchSharpWorkarounds;

/// <summary>
/// Sentinels of the TorchSharp limitations that src/Msmla.Core/TorchSharpWorkarounds works around: each checks that the
/// limitation is still there and that the workaround handles it. When a TorchSharp upgrade removes a limitation, its
/// sentinel fails with a message saying which workaround to delete.
/// </summary>
public sealed class TorchSharpLimitationTests
{
    public TorchSharpLimitationTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void The_workarounds_are_for_TorchSharp_0_107()
    {
        Version version = typeof(torch).Assembly.GetName().Version!;
        Assert.True(version.Major == 0 && version.Minor == 107,
            $"TorchSharp is now {version}: check each limitation in src/Msmla.Core/TorchSharpWorkarounds/README.md and delete the workarounds it no longer needs.");
    }

    [Fact]
    public void Tensor_Save_refuses_a_channels_last_tensor_and_ContiguousTensorSave_writes_it()
    {
        using Tensor nchw = arange(2 * 3 * 4 * 5, ScalarType.Float32).reshape(2, 3, 4, 5);
        using Tensor channelsLast = nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        Assert.False(channelsLast.is_contiguous());
        using (var writer = new BinaryWriter(new MemoryStream()))
        {
            Exception? refused = Record.Exception(() => channelsLast.Save(writer));
            Assert.True(refused != null, "TorchSharp's Tensor.Save now writes non-contiguous tensors: delete ContiguousTensorSave (dotnet/TorchSharp#1255).");
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) ContiguousTensorSave.Save(channelsLast, writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        using Tensor loaded = Tensor.Load(reader);
        Assert.True(loaded.allclose(nchw, rtol: 0, atol: 0), "the contiguous copy does not hold the same values in NCHW order");
    }

    [Fact]
    public void Optimizer_state_of_a_channels_last_parameter_cannot_be_saved_until_made_contiguous()
    {
        using var weight = new Parameter(randn(4, 3, 2, 2).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2));
        using OptimizerHelper adam = optim.Adam(new[] { weight }, 0.01);
        using (var scope = NewDisposeScope())
        {
            weight.grad = ones_like(weight).MoveToOuterDisposeScope();
            adam.step();
        }
        Tensor moment = ((Adam.State)adam.state_dict().State.Single()).exp_avg;
        Assert.False(moment.is_contiguous(), "TorchSharp's Adam now keeps its state contiguous for channels-last parameters.");
        Exception? refused = Record.Exception(() => adam.save_state_dict(new BinaryWriter(new MemoryStream())));
        Assert.True(refused != null, "TorchSharp's save_state_dict now writes channels-last optimizer state: delete OptimizerStateLayout (dotnet/TorchSharp#1255).");

        using Tensor before = moment.clone();
        OptimizerStateLayout.MakeContiguous(adam);
        Tensor after = ((Adam.State)adam.state_dict().State.Single()).exp_avg;
        Assert.True(after.is_contiguous());
        Assert.True(after.allclose(before, rtol: 0, atol: 0));
        using var stream = new MemoryStream();
        adam.save_state_dict(new BinaryWriter(stream));
        Assert.True(stream.Length > 0);
    }

    [Fact]
    public void Trunc_normal_ignores_its_generator_and_GeneratorTruncatedNormal_uses_it()
    {
        // Same global seed, different generators: TorchSharp's trunc_normal_ gives the same values (it draws from the global generator).
        using Tensor a = empty(1000), b = empty(1000);
        using (var first = new Generator(1))
        {
            manual_seed(5);
            nn.init.trunc_normal_(a, std: 1, generator: first);
        }
        using (var second = new Generator(2))
        {
            manual_seed(5);
            nn.init.trunc_normal_(b, std: 1, generator: second);
        }
        Assert.True(a.allclose(b, rtol: 0, atol: 0), "TorchSharp's nn.init.trunc_normal_ now uses its generator: delete GeneratorTruncatedNormal.");

        // The workaround: same generator seed, different global state, same values; within +-2 sd, with the standard
        // deviation of a normal truncated at +-2 sd, sqrt(1 - 4 phi(2) / (Phi(2) - Phi(-2))) = 0.879626 (x sd).
        using Tensor c = empty(20000, ScalarType.Float64), d = empty(20000, ScalarType.Float64);
        using (var g = new Generator(7))
        {
            manual_seed(1);
            GeneratorTruncatedNormal.Fill(c, 0.5, g);
        }
        using (var g = new Generator(7))
        {
            manual_seed(2);
            GeneratorTruncatedNormal.Fill(d, 0.5, g);
        }
        Assert.True(c.allclose(d, rtol: 0, atol: 0));
        Assert.True(c.abs().max().item<double>() <= 1.0);
        Assert.Equal(0.879626 * 0.5, c.std().item<double>(), 2);
        Assert.Equal(0, c.mean().item<double>(), 2);
    }
}
