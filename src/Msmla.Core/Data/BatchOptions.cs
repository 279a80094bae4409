using System;

namespace Msmla.Core.Data
{
    /// <summary>How an <see cref="IPatchSource"/> cuts an epoch into batches.</summary>
    public sealed record BatchOptions
    {
        /// <summary>Patches per batch (the last batch may be smaller unless <see cref="DropLast"/>).</summary>
        public int BatchSize { get; init; } = 32;

        /// <summary>Whether to visit patches in a random order, drawn from <see cref="Seed"/> and the epoch number.</summary>
        public bool Shuffle { get; init; }

        /// <summary>Seed of the shuffle (and of any seeded transform): the same seed and epoch give the same batches.</summary>
        public int Seed { get; init; }

        /// <summary>Whether to drop a final batch smaller than <see cref="BatchSize"/>.</summary>
        public bool DropLast { get; init; }

        /// <summary>How many batches a source may prepare ahead on a background thread (0 = none).</summary>
        public int Prefetch { get; init; } = 2;

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
        public BatchOptions Validate()
        {
            if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be at least 1.");
            if (Prefetch < 0) throw new ArgumentOutOfRangeException(nameof(Prefetch), Prefetch, "Prefetch must be 0 or more.");
            return this;
        }
    }
}
