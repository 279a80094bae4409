using Msmla.Models.Training;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>The epoch's training sums stay on the device and are copied to the host only when read, once per batch.</summary>
public sealed class TrainingSumsTests
{
    [Fact]
    public void Sums_are_read_lazily_and_give_the_sample_weighted_mean()
    {
        Msmla.Core.Runtime.TorchRuntime.EnsureLoaded();
        // A resumed epoch: 10 samples with loss sum 5 and 4 correct so far.
        using var sums = new TrainingSums(new EpochProgressState(5.0, 4, 10, 0, 0.01), CPU);
        Assert.True(sums.IsRead);
        // A batch of 2: mean loss 3, outputs predicting classes 1 and 0 for labels 1 and 1 (one correct).
        using (Tensor loss = tensor(3.0f))
        using (Tensor output = tensor(new float[] { 0.1f, 0.9f, 0.8f, 0.2f }).reshape(2, 2))
        using (Tensor labels = tensor(new long[] { 1, 1 }))
            sums.Add(loss, output, labels, 2);
        Assert.False(sums.IsRead);
        Assert.Equal(12, sums.Samples);
        Assert.Equal((5.0 + 3 * 2) / 12, sums.Loss, 12);
        Assert.True(sums.IsRead);
        Assert.Equal(5 / 12.0, sums.Accuracy, 12);
        Assert.Equal((11.0, 5L), sums.Read());
    }
}
