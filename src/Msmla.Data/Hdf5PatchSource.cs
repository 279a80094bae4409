using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Lcz;
using Msmla.Core.Preprocessing;
using Msmla.Data.Hdf5;
using Msmla.Data.Pipeline;
using Msmla.Data.So2Sat;

namespace Msmla.Data
{
    /// <summary>
    /// Patches streamed from an HDF5 file (So2Sat LCZ42 or MSMLA layout): batches are read with one
    /// positional read per run of consecutive indices, converted in one pass to float32 NCHW, checked
    /// for non-finite values, and prepared on background threads ahead of the consumer. Memory stays
    /// bounded by the prefetch depth whatever the file size. Open one with
    /// <see cref="So2SatReader.Open"/> or <see cref="PatchFiles.MsmlaPatchReader.Open"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Contiguous datasets (So2Sat's own files, and those <see cref="So2SatWriter"/> writes uncompressed)
    /// are read directly with positional reads: PureHDF 2.2 does not expose where a dataset's values lie,
    /// so the reader records the offset at which PureHDF reads the first value and checks direct reads
    /// against PureHDF's decoding at five positions before trusting it. Chunked or compressed datasets
    /// are read through PureHDF hyperslab selections, one per run of consecutive indices: correct, but
    /// PureHDF walks them in small steps, so expect about a thousand patches per second rather than tens
    /// of thousands; rewrite such files uncompressed (<see cref="So2SatWriter"/>) for training. Before
    /// each batch the next batch's rows are announced to the operating system (<c>posix_fadvise</c> on
    /// Linux), so that cold reads overlap.
    /// </para>
    /// <para>
    /// Reading fails with <see cref="PatchDataException"/> (naming the file, dataset and rows) when a batch reaches a chunk
    /// that was never written: HDF5 would return the dataset's fill value there, so an incompletely written file is
    /// refused as missing data rather than read as patches of zeros. Big-endian files are read on both paths.
    /// </para>
    /// <para>Several enumerations may run at once. Dispose the source only after its enumerations have ended.</para>
    /// </remarks>
    public sealed class Hdf5PatchSource : IPatchSource, IDisposable
    {
        private const int CacheBatchSize = 256;
        private readonly Hdf5Container _container;
        private readonly PatchLayout _layout;
        private readonly LabelTable? _labels;
        private readonly NonFiniteGuard _guard;
        private readonly ScratchPool _scratch = new();
        private readonly ArrayPatchSource? _cache;
        private bool _disposed;

        internal Hdf5PatchSource(Hdf5Container container, PatchLayout layout, LabelTable? labels, NonFiniteHandling nonFinite,
            bool cacheInMemory, int readThreads, PatchGeolocationTable? geolocation, ILogger logger, CancellationToken cancellationToken)
        {
            if (readThreads < 1) throw new ArgumentOutOfRangeException(nameof(readThreads), readThreads, "At least one read thread.");
            ReadThreads = readThreads;
            _container = container;
            _layout = layout;
            _labels = labels;
            Geolocation = geolocation;
            NonFiniteReport = new NonFiniteReport();
            _guard = new NonFiniteGuard(nonFinite, NonFiniteReport, layout, container.Path, logger);
            Info = new PatchSourceInfo(layout.Count, layout.Channels, layout.Height, layout.Width,
                labels?.ClassCount ?? LczClasses.Count, layout.ChannelNames, labels != null)
            {
                Modality = SentinelBands.ModalityOf(layout.ChannelNames),
            };
            foreach (PatchPart part in layout.Parts)
            {
                logger.LogDebug("{File}, dataset '{Dataset}' ({Shape} {Type}, {Layout}): {Path}.", container.Path, part.Dataset.Path,
                    part.Dataset.ShapeText, StorageTypes.Name(part.Dataset.Type), part.Dataset.Layout,
                    part.Dataset.IsDirect ? "direct positional reads" : "PureHDF hyperslab reads");
            }
            if (cacheInMemory) _cache = LoadCache(cancellationToken);
        }

        /// <inheritdoc />
        public PatchSourceInfo Info { get; }

        /// <summary>The file read.</summary>
        public string FilePath => _container.Path;

        /// <summary>The 0-based label of every patch, or null when the file has none.</summary>
        public IReadOnlyList<int>? Labels => _labels?.Labels;

        /// <summary>Patches per class (empty when the file has no labels), counted while the labels were streamed at open.</summary>
        public IReadOnlyList<long> ClassCounts => _labels?.Counts ?? Array.Empty<long>();

        /// <summary>The geolocation of each patch (So2Sat version-4 sidecar), or null when none was opened.</summary>
        public PatchGeolocationTable? Geolocation { get; }

        /// <summary>Patches with non-finite values met so far (with <see cref="NonFiniteHandling.Report"/>).</summary>
        public NonFiniteReport NonFiniteReport { get; }

        /// <summary>Whether the patches were loaded into memory at open (see the readers' <c>CacheInMemory</c> option).</summary>
        public bool IsCached => _cache != null;

        /// <summary>Threads that read batches in parallel when prefetching (see the readers' <c>ReadThreads</c> option).</summary>
        public int ReadThreads { get; }

        /// <summary>
        /// Whether every dataset is read with direct positional reads (contiguous storage); false when
        /// some are read through PureHDF (chunked or compressed storage, which is slower).
        /// </summary>
        public bool ReadsDirectly => _layout.AllDirect;

        /// <inheritdoc />
        public IEnumerable<PatchBatch> ReadBatches(BatchOptions options, int epoch = 0, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_cache != null) return _cache.ReadBatches(options, epoch, cancellationToken);
            BatchSchedule schedule = BatchSchedule.Create(Info.Count, options, epoch);
            if (options.Prefetch == 0) return Produce(schedule, 0, 1, cancellationToken);
            int workers = Math.Min(ReadThreads, Math.Max(1, schedule.BatchCount));
            return BatchPrefetcher.RunOrdered(workers, (worker, token) => Produce(schedule, worker, workers, token), options.Prefetch, cancellationToken);
        }

        /// <summary>Reads the patches at the given ascending, distinct indices into a new batch (dispose it).</summary>
        /// <exception cref="ArgumentException">The indices are empty, not ascending or out of range.</exception>
        /// <exception cref="PatchDataException">A patch cannot be read: never written, damaged, or (by default) non-finite.</exception>
        public PatchBatch ReadPatches(ReadOnlySpan<long> indices, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (indices.IsEmpty) throw new ArgumentException("No indices to read.", nameof(indices));
            var batch = new PatchBatch(indices.Length, Info.Channels, Info.Height, Info.Width);
            try
            {
                indices.CopyTo(batch.Indices);
                if (_cache != null)
                {
                    CopyFromCache(batch);
                }
                else
                {
                    using var assembler = new BatchAssembler(_layout, _labels?.Labels, _guard, _scratch);
                    assembler.Fill(batch, cancellationToken);
                }
                return batch;
            }
            catch
            {
                batch.Dispose();
                throw;
            }
        }

        /// <summary>Closes the file.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _container.Dispose();
        }

        /// <summary>Reads batches <paramref name="worker"/>, worker + workers, ... of the schedule.</summary>
        private IEnumerable<PatchBatch> Produce(BatchSchedule schedule, int worker, int workers, CancellationToken cancellationToken)
        {
            using var assembler = new BatchAssembler(_layout, _labels?.Labels, _guard, _scratch);
            // The next batch's rows are announced to the operating system before this batch is read,
            // so that cold reads of the next batch overlap with converting this one.
            var next = new long[schedule.LargestBatch];
            if (worker < schedule.BatchCount) assembler.Announce(next.AsSpan(0, schedule.CopyIndices(worker, next)));
            for (int b = worker; b < schedule.BatchCount; b += workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = new PatchBatch(schedule.LargestBatch, Info.Channels, Info.Height, Info.Width);
                try
                {
                    batch.Count = schedule.CopyIndices(b, batch.Indices);
                    if (b + workers < schedule.BatchCount) assembler.Announce(next.AsSpan(0, schedule.CopyIndices(b + workers, next)));
                    assembler.Fill(batch, cancellationToken);
                }
                catch
                {
                    batch.Dispose();
                    throw;
                }
                yield return batch;
            }
        }

        private ArrayPatchSource LoadCache(CancellationToken cancellationToken)
        {
            long values = Info.Count * Info.ValuesPerPatch;
            if (values > Array.MaxLength)
                throw new PatchDataException(FilePath, null,
                    $"{Info.Count:N0} patches of {Info.ValuesPerPatch:N0} values are too many to cache in one array; read the file streamed (CacheInMemory = false).");
            var data = new float[values];
            foreach (PatchBatch batch in Produce(BatchSchedule.Create(Info.Count, new BatchOptions { BatchSize = CacheBatchSize, Prefetch = 0 }, 0), 0, 1, cancellationToken))
            {
                using (batch)
                {
                    batch.Data.CopyTo(data.AsSpan((int)(batch.Indices[0] * Info.ValuesPerPatch)));
                }
            }
            return new ArrayPatchSource(data, _labels?.Labels, Info.ChannelNames, Info.Height, Info.Width, Info.ClassCount);
        }

        private void CopyFromCache(PatchBatch batch)
        {
            ReadOnlySpan<float> data = _cache!.Data.Span;
            ReadOnlySpan<long> indices = batch.Indices;
            int per = Info.ValuesPerPatch;
            long previous = -1;
            for (int i = 0; i < indices.Length; i++)
            {
                long index = indices[i];
                if (index <= previous || index >= Info.Count)
                    throw new ArgumentException(index >= Info.Count ? $"Patch index {index} is outside 0..{Info.Count - 1}." : "Patch indices must be ascending and distinct.", nameof(batch));
                previous = index;
                data.Slice((int)index * per, per).CopyTo(batch.Patch(i));
                batch.Labels[i] = _labels == null ? -1 : _labels.Labels[index];
            }
        }
    }
}
