using System;
using System.Collections.Generic;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Data.Pipeline;

namespace Msmla.Data.Transforms
{
    /// <summary>
    /// A source that changes the batches of another source in place (normalisation, augmentation, or a
    /// transform of your own). With <see cref="BatchOptions.Prefetch"/> above 0 the transform runs on its
    /// own background thread, fed by the inner source's own prefetching: reading and each transform form
    /// a pipeline whose stages work at the same time, each up to <see cref="BatchOptions.Prefetch"/>
    /// batches ahead, so transforms cost the model no time. The wrapper does not own the inner source:
    /// dispose that yourself.
    /// </summary>
    public abstract class TransformedPatchSource : IPatchSource
    {
        /// <summary>Wraps <paramref name="inner"/>.</summary>
        protected TransformedPatchSource(IPatchSource inner)
        {
            Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        /// <summary>The source whose batches are transformed.</summary>
        public IPatchSource Inner { get; }

        /// <inheritdoc />
        public virtual PatchSourceInfo Info => Inner.Info;

        /// <inheritdoc />
        public IEnumerable<PatchBatch> ReadBatches(BatchOptions options, int epoch = 0, CancellationToken cancellationToken = default)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            if (options.Prefetch == 0) return Apply(Inner.ReadBatches(options, epoch, cancellationToken), epoch, cancellationToken);
            return BatchPrefetcher.Run(token => Apply(Inner.ReadBatches(options, epoch, token), epoch, token), options.Prefetch, cancellationToken);
        }

        /// <summary>Changes one batch in place. Called once per batch, in order, on the producing thread.</summary>
        /// <param name="batch">The batch (its patches, labels and source indices).</param>
        /// <param name="epoch">The epoch being read (for seeded transforms).</param>
        protected abstract void Transform(PatchBatch batch, int epoch);

        private IEnumerable<PatchBatch> Apply(IEnumerable<PatchBatch> batches, int epoch, CancellationToken cancellationToken)
        {
            foreach (PatchBatch batch in batches)
            {
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Transform(batch, epoch);
                }
                catch
                {
                    batch.Dispose();
                    throw;
                }
                yield return batch;
            }
        }
    }
}
