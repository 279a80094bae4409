using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Data;

namespace Msmla.Core.Tests.Data;

public sealed class BatchScheduleTests
{
    [Fact]
    public void Sequential_batches_cut_the_indices_in_order()
    {
        BatchSchedule schedule = BatchSchedule.Create(10, new BatchOptions { BatchSize = 4 }, epoch: 3);
        Assert.False(schedule.IsShuffled);
        Assert.Equal(3, schedule.BatchCount);
        Assert.Equal(new[] { new long[] { 0, 1, 2, 3 }, new long[] { 4, 5, 6, 7 }, new long[] { 8, 9 } }, Batches(schedule));
        Assert.Equal(2, BatchSchedule.Create(10, new BatchOptions { BatchSize = 4, DropLast = true }, 0).BatchCount);
        Assert.Equal(0, BatchSchedule.Create(0, new BatchOptions(), 0).BatchCount);
    }

    [Fact]
    public void Shuffled_batches_are_sorted_cover_everything_once_and_depend_on_seed_and_epoch()
    {
        var options = new BatchOptions { BatchSize = 16, Shuffle = true, Seed = 42 };
        List<long[]> a = Batches(BatchSchedule.Create(100, options, 0));
        Assert.Equal(7, a.Count);
        Assert.All(a, b => Assert.Equal(b.Order(), b));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), a.SelectMany(b => b).Order());
        Assert.Equal(a, Batches(BatchSchedule.Create(100, options, 0)));
        Assert.NotEqual(a, Batches(BatchSchedule.Create(100, options, 1)));
        Assert.NotEqual(a, Batches(BatchSchedule.Create(100, options with { Seed = 43 }, 0)));
        // The first batch is not just the first indices.
        Assert.NotEqual(Enumerable.Range(0, 16).Select(i => (long)i), a[0]);
        List<long[]> dropped = Batches(BatchSchedule.Create(100, options with { DropLast = true }, 0));
        Assert.Equal(a.Take(6), dropped);
    }

    [Fact]
    public void The_largest_batch_is_the_batch_size_or_the_patch_count_when_smaller()
    {
        Assert.Equal(4, BatchSchedule.Create(10, new BatchOptions { BatchSize = 4 }, 0).LargestBatch);
        Assert.Equal(10, BatchSchedule.Create(10, new BatchOptions { BatchSize = int.MaxValue }, 0).LargestBatch);
        Assert.Equal(10, BatchSchedule.Create(10, new BatchOptions { BatchSize = int.MaxValue, Shuffle = true }, 0).LargestBatch);
        Assert.Equal(0, BatchSchedule.Create(0, new BatchOptions { BatchSize = int.MaxValue }, 0).LargestBatch);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchSchedule.Create(-1, new BatchOptions(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchSchedule.Create(5, new BatchOptions { BatchSize = 0 }, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchSchedule.Create(5, new BatchOptions { Prefetch = -1 }, 0));
        BatchSchedule schedule = BatchSchedule.Create(5, new BatchOptions { BatchSize = 2 }, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.BatchLength(3));
        Assert.Throws<ArgumentException>(() => schedule.CopyIndices(0, new long[1]));
    }

    private static List<long[]> Batches(BatchSchedule schedule)
    {
        var all = new List<long[]>();
        var buffer = new long[schedule.BatchSize];
        for (int b = 0; b < schedule.BatchCount; b++)
        {
            int n = schedule.CopyIndices(b, buffer);
            Assert.Equal(schedule.BatchLength(b), n);
            all.Add(buffer.Take(n).ToArray());
        }
        return all;
    }
}
