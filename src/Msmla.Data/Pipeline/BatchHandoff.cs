using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Msmla.Core.Data;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// A bounded queue of batches between one producer thread and one consumer thread. Waiting threads
    /// block on a monitor (no spinning, no allocation per batch), so a consumer that waits for data, or
    /// a producer that waits for room, takes no CPU from the model.
    /// </summary>
    internal sealed class BatchHandoff : IDisposable
    {
        private readonly object _gate = new();
        private readonly Queue<PatchBatch> _items;
        private readonly int _capacity;
        private readonly CancellationTokenRegistration _registration;
        private readonly CancellationToken _cancellation;
        private bool _completed;
        private bool _closed;
        private ExceptionDispatchInfo? _error;

        /// <summary>Creates a queue of <paramref name="capacity"/> batches; cancelling <paramref name="cancellation"/> wakes both sides.</summary>
        public BatchHandoff(int capacity, CancellationToken cancellation)
        {
            _capacity = capacity;
            _items = new Queue<PatchBatch>(capacity);
            _cancellation = cancellation;
            _registration = cancellation.Register(WakeAll);
        }

        /// <summary>Adds a batch, waiting while the queue is full; false when the consumer left or the token was cancelled (the batch is not taken).</summary>
        public bool Add(PatchBatch batch)
        {
            lock (_gate)
            {
                while (_items.Count >= _capacity && !_closed && !_cancellation.IsCancellationRequested) Monitor.Wait(_gate);
                if (_closed || _cancellation.IsCancellationRequested) return false;
                _items.Enqueue(batch);
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        /// <summary>Marks the end of the batches, with the producer's exception if it failed.</summary>
        public void Complete(Exception? error = null)
        {
            lock (_gate)
            {
                _completed = true;
                if (error != null) _error = ExceptionDispatchInfo.Capture(error);
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>
        /// Takes the next batch, waiting while none is ready. Returns false at the end; rethrows the
        /// producer's exception unchanged; throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
        /// </summary>
        public bool TryTake(CancellationToken cancellationToken, out PatchBatch? batch)
        {
            lock (_gate)
            {
                while (_items.Count == 0 && !_completed && !_cancellation.IsCancellationRequested) Monitor.Wait(_gate);
                cancellationToken.ThrowIfCancellationRequested();
                if (_items.Count > 0)
                {
                    batch = _items.Dequeue();
                    Monitor.PulseAll(_gate);
                    return true;
                }
                batch = null;
                _error?.Throw();
                return false;
            }
        }

        /// <summary>The consumer is gone: wakes the producer and disposes the batches left in the queue.</summary>
        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                while (_items.Count > 0) _items.Dequeue().Dispose();
                Monitor.PulseAll(_gate);
            }
        }

        public void Dispose() => _registration.Dispose();

        private void WakeAll()
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }
}
