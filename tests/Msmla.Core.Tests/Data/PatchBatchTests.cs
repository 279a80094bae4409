using System;
using System.Linq;
using Msmla.Core.Data;
using TorchSharp;

namespace Msmla.Core.Tests.Data;

public sealed class PatchBatchTests
{
    [Fact]
    public void Tensors_hold_the_batch_values_in_NCHW_and_labels_as_int64()
    {
        using var batch = new PatchBatch(4, 2, 3, 2);
        batch.Count = 3;
        for (int i = 0; i < batch.Data.Length; i++) batch.Data[i] = i * 0.5f;
        batch.Labels[0] = 7;
        batch.Labels[1] = -1;
        batch.Labels[2] = 16;
        using var scope = torch.NewDisposeScope();
        torch.Tensor x = batch.ToTensor();
        Assert.Equal(new long[] { 3, 2, 3, 2 }, x.shape);
        Assert.Equal(torch.ScalarType.Float32, x.dtype);
        // Element [2, 1, 2, 0] is at ((2*2 + 1)*3 + 2)*2 + 0 = 34 in NCHW order.
        Assert.Equal(17f, x[2, 1, 2, 0].item<float>());
        Assert.Equal(batch.Data.ToArray(), x.data<float>().ToArray());
        torch.Tensor y = batch.LabelsToTensor();
        Assert.Equal(torch.ScalarType.Int64, y.dtype);
        Assert.Equal(new long[] { 7, -1, 16 }, y.data<long>().ToArray());
    }

    [Fact]
    public void Counts_and_indices_are_checked_and_a_disposed_batch_refuses_access()
    {
        var batch = new PatchBatch(2, 1, 1, 1);
        Assert.Equal(2, batch.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Count = 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Patch(2));
        batch.Dispose();
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Data.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchBatch(0, 1, 1, 1));
        // 1,000,000 x 10 x 32 x 32 = 10,240,000,000 values: more than an array holds, said so (not an arithmetic overflow).
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchBatch(1_000_000, 10, 32, 32));
        Assert.Contains("A batch of 1000000 patches of 10 x 32 x 32 values would need 10240000000 values", huge.Message);
    }
}
