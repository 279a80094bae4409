using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Data.Pipeline;

namespace Msmla.Data.Tests.Pipeline;

public sealed class BatchPrefetcherTests
{
    [Fact]
    public void Batches_arrive_in_order_and_the_producer_stays_at_most_depth_ahead()
    {
        var producer = new CountingProducer(limit: 40);
        int consumed = 0;
        int worstLead = 0;
        foreach (PatchBatch batch in BatchPrefetcher.Run(producer.Produce, depth: 3, CancellationToken.None))
        {
            using (batch)
            {
                Assert.Equal(consumed, batch.Indices[0]);
                consumed++;
                // Give the producer time to run ahead as far as it can.
                Thread.Sleep(2);
                worstLead = Math.Max(worstLead, producer.Produced - consumed);
            }
        }
        Assert.Equal(40, consumed);
        // At most `depth` batches wait in the channel and one more is being offered.
        Assert.InRange(worstLead, 0, 3 + 1);
    }

    [Fact]
    public void An_exception_in_the_producer_reaches_the_consumer_unchanged_after_the_batches_before_it()
    {
        var producer = new CountingProducer(limit: 100, failAt: 5);
        var received = new List<long>();
        var e = Assert.Throws<FormatException>(() =>
        {
            foreach (PatchBatch batch in BatchPrefetcher.Run(producer.Produce, depth: 2, CancellationToken.None))
            {
                using (batch) received.Add(batch.Indices[0]);
            }
        });
        Assert.Equal("batch 5 is broken", e.Message);
        Assert.Contains(nameof(CountingProducer.Produce), e.StackTrace);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, received);
    }

    [Fact]
    public void Cancelling_stops_the_producer_and_returns_the_prepared_batches()
    {
        var producer = new CountingProducer(limit: int.MaxValue);
        using var cancel = new CancellationTokenSource();
        int consumed = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (PatchBatch batch in BatchPrefetcher.Run(producer.Produce, depth: 4, cancel.Token))
            {
                using (batch)
                {
                    if (++consumed == 3) cancel.Cancel();
                }
            }
        });
        Assert.Equal(3, consumed);
        // The enumeration has joined the producer: nothing is produced any more, and whatever it had
        // prepared was disposed (returned to the pool).
        int produced = producer.Produced;
        Thread.Sleep(50);
        Assert.Equal(produced, producer.Produced);
        Assert.InRange(produced, 3, 3 + 4 + 1);
        Assert.True(producer.Finished);
        foreach (PatchBatch left in producer.All.Skip(3)) Assert.Throws<ObjectDisposedException>(() => left.Data.Length);
    }

    [Fact]
    public void Leaving_the_loop_early_stops_the_producer_too()
    {
        var producer = new CountingProducer(limit: int.MaxValue);
        foreach (PatchBatch batch in BatchPrefetcher.Run(producer.Produce, depth: 2, CancellationToken.None))
        {
            batch.Dispose();
            break;
        }
        Assert.True(producer.Finished);
        foreach (PatchBatch left in producer.All.Skip(1)) Assert.Throws<ObjectDisposedException>(() => left.Data.Length);
    }

    [Fact]
    public void A_producer_that_ends_because_of_cancellation_is_not_taken_for_the_end_of_the_epoch()
    {
        using var cancel = new CancellationTokenSource();
        IEnumerable<PatchBatch> Quitter(CancellationToken token)
        {
            cancel.Cancel();
            token.ThrowIfCancellationRequested();
            yield break;
        }
        Assert.ThrowsAny<OperationCanceledException>(() => BatchPrefetcher.Run(Quitter, 2, cancel.Token).ToList());
    }

    [Fact]
    public void Parallel_workers_deliver_batches_in_order_and_stop_together()
    {
        IEnumerable<PatchBatch> Strided(int worker, int workers, int count, int failAt, CancellationToken token)
        {
            for (int b = worker; b < count; b += workers)
            {
                token.ThrowIfCancellationRequested();
                if (b == failAt) throw new FormatException($"batch {b} is broken");
                var batch = new PatchBatch(1, 1, 1, 1);
                batch.Indices[0] = b;
                yield return batch;
            }
        }
        foreach (int workers in new[] { 1, 2, 3 })
        {
            var seen = new List<long>();
            foreach (PatchBatch batch in BatchPrefetcher.RunOrdered(workers, (w, t) => Strided(w, workers, 17, -1, t), 4, CancellationToken.None))
            {
                using (batch) seen.Add(batch.Indices[0]);
            }
            Assert.Equal(Enumerable.Range(0, 17).Select(i => (long)i), seen);
            var before = new List<long>();
            var e = Assert.Throws<FormatException>(() =>
            {
                foreach (PatchBatch batch in BatchPrefetcher.RunOrdered(workers, (w, t) => Strided(w, workers, 17, 7, t), 4, CancellationToken.None))
                {
                    using (batch) before.Add(batch.Indices[0]);
                }
            });
            Assert.Equal("batch 7 is broken", e.Message);
            Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), before);
            using var cancel = new CancellationTokenSource();
            int taken = 0;
            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (PatchBatch batch in BatchPrefetcher.RunOrdered(workers, (w, t) => Strided(w, workers, 1000, -1, t), 4, cancel.Token))
                {
                    batch.Dispose();
                    if (++taken == 5) cancel.Cancel();
                }
            });
            Assert.Equal(5, taken);
        }
    }

    private sealed class CountingProducer
    {
        private readonly int _limit;
        private readonly int _failAt;
        private int _produced;

        public CountingProducer(int limit, int failAt = -1)
        {
            _limit = limit;
            _failAt = failAt;
        }

        public int Produced => Volatile.Read(ref _produced);

        public bool Finished { get; private set; }

        public ConcurrentQueue<PatchBatch> All { get; } = new();

        public IEnumerable<PatchBatch> Produce(CancellationToken token)
        {
            try
            {
                for (int i = 0; i < _limit; i++)
                {
                    token.ThrowIfCancellationRequested();
                    if (i == _failAt) throw new FormatException($"batch {i} is broken");
                    var batch = new PatchBatch(1, 1, 2, 2);
                    batch.Indices[0] = i;
                    All.Enqueue(batch);
                    Interlocked.Increment(ref _produced);
                    yield return batch;
                }
            }
            finally
            {
                Finished = true;
            }
        }
    }
}
