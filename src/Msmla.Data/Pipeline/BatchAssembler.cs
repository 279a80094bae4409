using System;
using System.Threading;
using Msmla.Core.Data;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// Fills batches from a file: reads the rows of ascending indices, one positional read per run of
    /// consecutive indices (split into pieces that fit a small scratch buffer, so that the conversion
    /// reads from cache), converts each piece straight into the batch (NCHW float32) and checks values.
    /// One instance per enumeration (not thread-safe); its scratch buffer comes from the source's <see cref="ScratchPool"/>.
    /// </summary>
    internal sealed class BatchAssembler : IDisposable
    {
        private const int ScratchBytes = 512 * 1024;
        private readonly PatchLayout _layout;
        private readonly int[]? _labels;
        private readonly NonFiniteGuard _guard;
        private readonly int[] _rowsPerPiece;
        private readonly ScratchPool _pool;
        private byte[]? _scratch;

        public BatchAssembler(PatchLayout layout, int[]? labels, NonFiniteGuard guard, ScratchPool pool)
        {
            _pool = pool;
            _layout = layout;
            _labels = labels;
            _guard = guard;
            long largestRow = 0;
            foreach (PatchPart part in layout.Parts) largestRow = Math.Max(largestRow, part.Dataset.RowBytes);
            int size = (int)Math.Max(ScratchBytes, largestRow);
            _scratch = pool.Rent(size);
            _rowsPerPiece = new int[layout.Parts.Count];
            for (int p = 0; p < layout.Parts.Count; p++)
                _rowsPerPiece[p] = (int)Math.Max(1, size / layout.Parts[p].Dataset.RowBytes);
        }

        /// <summary>Fills <paramref name="batch"/> for the ascending indices already in <see cref="PatchBatch.Indices"/>.</summary>
        public void Fill(PatchBatch batch, CancellationToken cancellationToken)
        {
            byte[] scratch = _scratch ?? throw new ObjectDisposedException(nameof(BatchAssembler));
            ReadOnlySpan<long> indices = batch.Indices;
            CheckIndices(indices);
            Span<int> labels = batch.Labels;
            for (int i = 0; i < indices.Length; i++) labels[i] = _labels == null ? -1 : _labels[indices[i]];

            Span<float> data = batch.Data;
            int valuesPerPatch = _layout.ValuesPerPatch;
            // Patches whose conversion could not vouch for finite values are checked afterwards.
            Span<bool> suspect = indices.Length <= 1024 ? stackalloc bool[indices.Length] : new bool[indices.Length];
            suspect.Clear();
            for (int p = 0; p < _layout.Parts.Count; p++)
            {
                PatchPart part = _layout.Parts[p];
                int piece = _rowsPerPiece[p];
                int start = 0;
                while (start < indices.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int end = start + 1;
                    while (end < indices.Length && indices[end] == indices[end - 1] + 1) end++;
                    for (int s = start; s < end; s += piece)
                    {
                        int rows = Math.Min(piece, end - s);
                        part.Dataset.ReadRows(indices[s], rows, scratch);
                        bool finite = PatchConverter.ToNchw(part.Dataset.Type, scratch, rows, _layout.Pixels, part.SourceChannelCount,
                            part.SourceChannels, part.TargetChannels, data.Slice(s * valuesPerPatch), valuesPerPatch);
                        if (!finite) suspect.Slice(s, rows).Fill(true);
                    }
                    start = end;
                }
            }
            if (_guard.Mode != NonFiniteHandling.Ignore)
            {
                for (int i = 0; i < indices.Length; i++)
                {
                    if (suspect[i]) _guard.Inspect(indices[i], batch.Patch(i));
                }
            }
        }

        /// <summary>Announces the rows of ascending <paramref name="indices"/> to the operating system, one range per run.</summary>
        public void Announce(ReadOnlySpan<long> indices)
        {
            foreach (PatchPart part in _layout.Parts)
            {
                int start = 0;
                while (start < indices.Length)
                {
                    int end = start + 1;
                    while (end < indices.Length && indices[end] == indices[end - 1] + 1) end++;
                    part.Dataset.WillRead(indices[start], end - start);
                    start = end;
                }
            }
        }

        public void Dispose()
        {
            if (_scratch != null) _pool.Return(_scratch);
            _scratch = null;
        }

        private void CheckIndices(ReadOnlySpan<long> indices)
        {
            long previous = -1;
            foreach (long index in indices)
            {
                if (index <= previous || index >= _layout.Count)
                    throw new ArgumentException(index >= _layout.Count
                        ? $"Patch index {index} is outside 0..{_layout.Count - 1}."
                        : "Patch indices must be ascending and distinct.");
                previous = index;
            }
        }
    }
}
