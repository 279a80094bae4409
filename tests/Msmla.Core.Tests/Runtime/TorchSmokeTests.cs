using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Core.Tests.Runtime;

public class TorchSmokeTests
{
    [Fact]
    public void Convolution_runs_forward_and_backward_on_cpu()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(3, 4, 3, padding: 1);
        var input = randn(2, 3, 8, 8, requires_grad: true);
        var output = conv.call(input);
        Assert.Equal(new long[] { 2, 4, 8, 8 }, output.shape);
        output.sum().backward();
        Assert.NotNull(input.grad);
        Assert.True(input.grad!.abs().sum().item<float>() > 0);
    }
}
