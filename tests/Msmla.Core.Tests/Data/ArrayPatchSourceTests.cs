using System;
using System.Linq;
using Msmla.Core.Data;

namespace Msmla.Core.Tests.Data;

public sealed class ArrayPatchSourceTests
{
    [Fact]
    public void Batches_copy_the_scheduled_patches_and_labels()
    {
        // 5 patches of 2x1x2: patch i holds i*10 + 0..3.
        float[] data = Enumerable.Range(0, 5).SelectMany(i => Enumerable.Range(0, 4).Select(v => i * 10f + v)).ToArray();
        var source = new ArrayPatchSource(data, new[] { 4, 3, 2, 1, 0 }, new[] { "a", "b" }, 1, 2, 5);
        Assert.Equal(new PatchSourceInfo(5, 2, 1, 2, 5, source.Info.ChannelNames), source.Info);
        var options = new BatchOptions { BatchSize = 2, Shuffle = true, Seed = 3 };
        var schedule = BatchSchedule.Create(5, options, 1);
        int b = 0;
        foreach (PatchBatch batch in source.ReadBatches(options, 1))
        {
            using (batch)
            {
                var expected = new long[2];
                int n = schedule.CopyIndices(b++, expected);
                Assert.Equal(expected.Take(n), batch.Indices.ToArray());
                for (int i = 0; i < n; i++)
                {
                    long index = batch.Indices[i];
                    Assert.Equal(4 - (int)index, batch.Labels[i]);
                    Assert.Equal(new[] { index * 10f, index * 10f + 1, index * 10f + 2, index * 10f + 3 }, batch.Patch(i).ToArray());
                }
            }
        }
        Assert.Equal(3, b);
    }

    [Fact]
    public void A_batch_size_larger_than_the_source_reads_one_batch_of_the_source()
    {
        // Before: the batch buffer was sized by the batch size (2^31 - 1 patches), an overflow or out-of-memory failure.
        float[] data = Enumerable.Range(0, 12).Select(v => (float)v).ToArray();
        var source = new ArrayPatchSource(data, null, new[] { "a" }, 2, 2, 3);
        PatchBatch[] batches = source.ReadBatches(new BatchOptions { BatchSize = int.MaxValue, Shuffle = true }).ToArray();
        PatchBatch batch = Assert.Single(batches);
        Assert.Equal(new long[] { 0, 1, 2 }, batch.Indices.ToArray());
        Assert.Equal(data, batch.Data.ToArray());
        batch.Dispose();
    }

    [Fact]
    public void Inconsistent_arrays_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ArrayPatchSource(new float[7], null, new[] { "a" }, 2, 2, 3));
        Assert.Throws<ArgumentException>(() => new ArrayPatchSource(new float[8], new[] { 0 }, new[] { "a" }, 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrayPatchSource(new float[8], new[] { 0, 3 }, new[] { "a" }, 2, 2, 3));
        var unlabelled = new ArrayPatchSource(new float[8], null, new[] { "a" }, 2, 2, 3);
        Assert.False(unlabelled.Info.HasLabels);
        using PatchBatch batch = unlabelled.ReadBatches(new BatchOptions()).Single();
        Assert.Equal(new[] { -1, -1 }, batch.Labels.ToArray());
    }
}
