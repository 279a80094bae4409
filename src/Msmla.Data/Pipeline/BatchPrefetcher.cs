using System;
using System.Collections.Generic;
using System.Threading;
using Msmla.Core.Data;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// Runs batch producers on background threads, up to <c>depth</c> batches ahead of the consumer,
    /// through bounded hand-off queues. Cancelling the consumer's token, or leaving the enumeration early,
    /// stops the producers promptly and returns the batches they had prepared to the pool; an exception
    /// in a producer is rethrown to the consumer unchanged (same type, message and stack).
    /// </summary>
    internal static class BatchPrefetcher
    {
        /// <summary>Enumerates <paramref name="produce"/>'s batches, produced on one background thread.</summary>
        public static IEnumerable<PatchBatch> Run(Func<CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken) =>
            RunOrdered(1, (_, token) => produce(token), depth, cancellationToken);

        /// <summary>
        /// Enumerates the batches of <paramref name="workers"/> producers running in parallel: producer
        /// <c>w</c> makes batches w, w + workers, w + 2 x workers, ... and the consumer takes them in
        /// order, round robin. Together they keep about <paramref name="depth"/> batches ready.
        /// </summary>
        public static IEnumerable<PatchBatch> RunOrdered(int workers, Func<int, CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken)
        {
            if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker.");
            if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Prefetch depth must be at least 1.");
            return Enumerate(workers, produce, depth, cancellationToken);
        }

        private static IEnumerable<PatchBatch> Enumerate(int workers, Func<int, CancellationToken, IEnumerable<PatchBatch>> produce, int depth, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            int capacity = Math.Max(1, (depth + workers - 1) / workers);
            var queues = new BatchHandoff[workers];
            var threads = new Thread[workers];
            for (int w = 0; w < workers; w++)
            {
                int worker = w;
                queues[w] = new BatchHandoff(capacity, stop.Token);
                threads[w] = new Thread(() => Produce(token => produce(worker, token), queues[worker], stop.Token))
                {
                    IsBackground = true,
                    Name = workers == 1 ? "Msmla batch prefetch" : $"Msmla batch prefetch {worker}",
                };
            }
            foreach (Thread thread in threads) thread.Start();
            try
            {
                for (long b = 0; ; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // Batches are dealt round robin: when this one does not exist, no later one does.
                    if (!queues[b % workers].TryTake(cancellationToken, out PatchBatch? batch)) yield break;
                    yield return batch!;
                }
            }
            finally
            {
                stop.Cancel();
                foreach (BatchHandoff queue in queues) queue.Close();
                foreach (Thread thread in threads) thread.Join();
                foreach (BatchHandoff queue in queues)
                {
                    queue.Close();
                    queue.Dispose();
                }
            }
        }

        private static void Produce(Func<CancellationToken, IEnumerable<PatchBatch>> produce, BatchHandoff queue, CancellationToken token)
        {
            try
            {
                foreach (PatchBatch batch in produce(token))
                {
                    if (!queue.Add(batch))
                    {
                        batch.Dispose();
                        break;
                    }
                }
                queue.Complete();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                queue.Complete();
            }
            catch (Exception e)
            {
                queue.Complete(e);
            }
        }
    }
}
