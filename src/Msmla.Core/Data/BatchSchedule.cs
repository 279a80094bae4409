using System;

namespace Msmla.Core.Data
{
    /// <summary>
    /// Which patches go into which batch in one epoch: the meaning of <see cref="BatchOptions"/> shared by
    /// every <see cref="IPatchSource"/>. Without shuffling, batch <c>b</c> holds indices
    /// <c>b * BatchSize</c> onwards in order. With shuffling, the indices 0..N-1 are permuted by a
    /// Fisher-Yates shuffle drawn from <see cref="SeededRandom"/> seeded with (seed, epoch), cut into
    /// batches, and each batch is sorted ascending, as the So2Sat Keras loaders read them (sorted
    /// indices read faster from HDF5 files). The same count, options and epoch always give the same batches.
    /// </summary>
    internal sealed class BatchSchedule
    {
        private readonly long[]? _order;

        private BatchSchedule(long count, int batchSize, int batchCount, long[]? order)
        {
            Count = count;
            BatchSize = batchSize;
            BatchCount = batchCount;
            _order = order;
        }

        /// <summary>The number of patches in the source.</summary>
        public long Count { get; }

        /// <summary>Patches per full batch.</summary>
        public int BatchSize { get; }

        /// <summary>The number of batches in the epoch.</summary>
        public int BatchCount { get; }

        /// <summary>
        /// The most patches any batch of the epoch holds: <see cref="BatchSize"/>, or the patch count when there are fewer
        /// patches than that (0 for an empty source). Sources size their batch buffers by it, so a batch size larger than the
        /// data costs no more memory than the data.
        /// </summary>
        public int LargestBatch => (int)Math.Min(BatchSize, Count);

        /// <summary>Whether the order is shuffled.</summary>
        public bool IsShuffled => _order != null;

        /// <summary>Plans one epoch over <paramref name="count"/> patches.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The count is negative or the options are out of range.</exception>
        public static BatchSchedule Create(long count, BatchOptions options, int epoch)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The patch count cannot be negative.");
            options.Validate();
            long batches = options.DropLast ? count / options.BatchSize : (count + options.BatchSize - 1) / options.BatchSize;
            if (batches > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(count), count, "Too many batches in one epoch.");
            long[]? order = null;
            if (options.Shuffle && count > 1)
            {
                if (count > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(count), count, "Too many patches to shuffle in memory.");
                order = new long[count];
                for (long i = 0; i < count; i++) order[i] = i;
                SeededRandom.For(options.Seed, epoch, 0x5348554646L /* "SHUFF" */).Shuffle(order.AsSpan());
                for (int b = 0; b < batches; b++)
                {
                    long start = (long)b * options.BatchSize;
                    int length = (int)Math.Min(options.BatchSize, count - start);
                    Array.Sort(order, (int)start, length);
                }
            }
            return new BatchSchedule(count, options.BatchSize, (int)batches, order);
        }

        /// <summary>The number of patches in batch <paramref name="batch"/>.</summary>
        public int BatchLength(int batch)
        {
            CheckBatch(batch);
            return (int)Math.Min(BatchSize, Count - (long)batch * BatchSize);
        }

        /// <summary>Writes the ascending source indices of batch <paramref name="batch"/> into <paramref name="destination"/> and returns how many.</summary>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the batch.</exception>
        public int CopyIndices(int batch, Span<long> destination)
        {
            int length = BatchLength(batch);
            if (destination.Length < length)
                throw new ArgumentException($"The destination holds {destination.Length} indices; batch {batch} has {length}.", nameof(destination));
            long start = (long)batch * BatchSize;
            if (_order != null)
            {
                _order.AsSpan((int)start, length).CopyTo(destination);
            }
            else
            {
                for (int i = 0; i < length; i++) destination[i] = start + i;
            }
            return length;
        }

        private void CheckBatch(int batch)
        {
            if ((uint)batch >= (uint)BatchCount)
                throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch index must be 0 to {BatchCount - 1}.");
        }
    }
}
