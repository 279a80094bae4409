using System;
using System.Collections.Generic;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Data.Pipeline;

namespace Msmla.Data.Transforms
{
    /// <summary>
    /// A source that changes the batches of another source in place (normalisation, augmentation, or a
    /// transform of your own). With <see cref="BatchOptions.Prefetch"/> above 0 the whole chain (reading
    /// the inner source and this transform) runs on one background thread ahead of the consumer, so
    /// transforms cost the model no time; the inner source is then read with prefetch 0.
    /// The wrapper does not own the inner source: dispose that yourself.
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
            BatchOptions inline = options with { Prefetch = 0 };
            return BatchPrefetcher.Run(token => Apply(Inner.ReadBatches(inline, epoch, token), epoch, token), options.Prefetch, cancellationToken);
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
