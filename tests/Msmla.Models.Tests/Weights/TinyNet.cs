using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

/// <summary>
/// A small module with every kind of state the LCZ models have (convolution with bias, BatchNorm with running
/// statistics and its int64 step counter, linear layer), for format tests that need no LCZ architecture.
/// The Python peer builds the same module (same attribute names) in PyTorch.
/// </summary>
internal sealed class TinyNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly Linear fc;

    public TinyNet(int channels = 4, int classes = 5) : base(nameof(TinyNet))
    {
        conv = nn.Conv2d(3, channels, 3, padding: 1);
        bn = nn.BatchNorm2d(channels, eps: 1e-3);
        fc = nn.Linear(channels, classes);
        RegisterComponents();
    }

    public const string PythonDefinition = """
import torch
class TinyNet(torch.nn.Module):
    def __init__(self, channels=4, classes=5):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, channels, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(channels, eps=1e-3)
        self.fc = torch.nn.Linear(channels, classes)
    def forward(self, x):
        return self.fc(torch.relu(self.bn(self.conv(x))).mean((2, 3)))

""";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return fc.call(nn.functional.relu(bn.call(conv.call(x))).mean(new long[] { 2, 3 })).MoveToOuterDisposeScope();
    }

    /// <summary>Makes the running statistics and the step counter non-trivial by a few training-mode passes.</summary>
    public TinyNet Exercise(int steps = 3)
    {
        train();
        using (no_grad())
        {
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                call(randn(4, 3, 6, 6) * 2 + 1);
            }
        }
        eval();
        return this;
    }
}
