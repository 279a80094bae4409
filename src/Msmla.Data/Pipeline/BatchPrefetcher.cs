using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using Msmla.Core.Data;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// Runs a batch producer on a background thread, up to <c>depth</c> batches ahead of the consumer,
    /// through a bounded channel. Cancelling the consumer's token, or leaving the enumeration early,
    /// stops the producer promptly and returns the batches it had prepared to the pool; an exception in
    /// the producer is rethrown to the consumer unchanged (same type, message and stack).
    /// </summary>
    internal static class BatchPrefetcher
    {
        /// <summary>Enumerates <paramref name="produce"/>'s batches, produced in the background.</summary>
        public static IEnumerable<PatchBatch> Run(Func<CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken)
        {
            if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Prefetch depth must be at least 1.");
            return Enumerate(produce, depth, cancellationToken);
        }

        /// <summary>
        /// Enumerates the batches of <paramref name="workers"/> producers running in parallel: producer
        /// <c>w</c> makes batches w, w + workers, w + 2 x workers, ... and the consumer takes them in
        /// order, round robin. Together they keep about <paramref name="depth"/> batches ready.
        /// </summary>
        public static IEnumerable<PatchBatch> RunOrdered(int workers, Func<int, CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken)
        {
            if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker.");
            if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Prefetch depth must be at least 1.");
            if (workers == 1) return Enumerate(token => produce(0, token), depth, cancellationToken);
            return EnumerateOrdered(workers, produce, depth, cancellationToken);
        }

        private static IEnumerable<PatchBatch> EnumerateOrdered(int workers, Func<int, CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            int capacity = Math.Max(1, (depth + workers - 1) / workers);
            var channels = new Channel<PatchBatch>[workers];
            var threads = new Thread[workers];
            for (int w = 0; w < workers; w++)
            {
                int worker = w;
                channels[w] = Channel.CreateBounded<PatchBatch>(new BoundedChannelOptions(capacity)
                {
                    SingleReader = true,
                    SingleWriter = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                threads[w] = new Thread(() => Produce(token => produce(worker, token), channels[worker].Writer, stop.Token))
                {
                    IsBackground = true,
                    Name = $"Msmla batch prefetch {worker}",
                };
                threads[w].Start();
            }
            try
            {
                for (long b = 0; ; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ChannelReader<PatchBatch> reader = channels[b % workers].Reader;
                    PatchBatch? batch;
                    while (!reader.TryRead(out batch))
                    {
                        if (!reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            // Batches are dealt round robin: when this one does not exist, no later one does.
                            yield break;
                        }
                    }
                    yield return batch;
                }
            }
            finally
            {
                stop.Cancel();
                foreach (Thread thread in threads) thread.Join();
                foreach (Channel<PatchBatch> channel in channels)
                {
                    while (channel.Reader.TryRead(out PatchBatch? left)) left.Dispose();
                }
            }
        }

        private static IEnumerable<PatchBatch> Enumerate(Func<CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Channel<PatchBatch> channel = Channel.CreateBounded<PatchBatch>(new BoundedChannelOptions(depth)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var producer = new Thread(() => Produce(produce, channel.Writer, stop.Token))
            {
                IsBackground = true,
                Name = "Msmla batch prefetch",
            };
            producer.Start();
            try
            {
                ChannelReader<PatchBatch> reader = channel.Reader;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reader.TryRead(out PatchBatch? batch))
                    {
                        yield return batch;
                        continue;
                    }
                    // Throws the producer's exception (or OperationCanceledException) when there is one.
                    if (!reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                    {
                        // A producer stopped by cancellation completes quietly: do not pass that off as the end of the epoch.
                        cancellationToken.ThrowIfCancellationRequested();
                        yield break;
                    }
                }
            }
            finally
            {
                stop.Cancel();
                producer.Join();
                while (channel.Reader.TryRead(out PatchBatch? left)) left.Dispose();
            }
        }

        private static void Produce(Func<CancellationToken, IEnumerable<PatchBatch>> produce, ChannelWriter<PatchBatch> writer, CancellationToken token)
        {
            try
            {
                foreach (PatchBatch batch in produce(token))
                {
                    if (!Write(writer, batch, token))
                    {
                        batch.Dispose();
                        break;
                    }
                }
                writer.TryComplete();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                writer.TryComplete();
            }
            catch (Exception e)
            {
                writer.TryComplete(e);
            }
        }

        private static bool Write(ChannelWriter<PatchBatch> writer, PatchBatch batch, CancellationToken token)
        {
            while (!writer.TryWrite(batch))
            {
                try
                {
                    if (!writer.WaitToWriteAsync(token).AsTask().GetAwaiter().GetResult()) return false;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
