using System.Collections.Generic;
using System.Threading;

namespace Msmla.Core.Data
{
    /// <summary>
    /// A source of labelled image patches in batches: the contract between the dataset readers
    /// (Msmla.Data) and the trainer and predictors (Msmla.Models), which do not know each other.
    /// </summary>
    /// <remarks>
    /// Batches are float32, NCHW. The caller owns each <see cref="PatchBatch"/> it receives and must
    /// dispose it (its buffers return to a pool). Enumerating the same epoch with the same options
    /// yields the same batches, which makes seeded training reproducible and resumable.
    /// </remarks>
    public interface IPatchSource
    {
        /// <summary>The number and shape of the patches.</summary>
        PatchSourceInfo Info { get; }

        /// <summary>Enumerates one epoch of batches.</summary>
        /// <param name="options">Batch size, shuffling and prefetch.</param>
        /// <param name="epoch">The epoch number, which together with <see cref="BatchOptions.Seed"/> fixes the order.</param>
        /// <param name="cancellationToken">Stops the enumeration (and any background reading) when cancelled.</param>
        IEnumerable<PatchBatch> ReadBatches(BatchOptions options, int epoch = 0, CancellationToken cancellationToken = default);
    }
}
