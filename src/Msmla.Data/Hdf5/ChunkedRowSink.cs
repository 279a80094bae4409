using System;
using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// Writes rows of a chunked (compressed) dataset through PureHDF's deferred writer, in order,
    /// one whole chunk at a time (PureHDF writes each chunk once).
    /// </summary>
    internal sealed class ChunkedRowSink<T> : RowSink where T : unmanaged
    {
        private readonly H5NativeWriter _writer;
        private readonly H5Dataset<T[]> _dataset;
        private readonly ulong[] _dims;
        private readonly int _chunkRows;
        private readonly T[] _chunk;
        private long _chunkStart;
        private int _buffered;

        public ChunkedRowSink(H5NativeWriter writer, H5Dataset<T[]> dataset, string datasetPath, ulong[] dims, int chunkRows)
            : base(datasetPath, (long)dims[0], RowElementsOf(dims) * Marshal.SizeOf<T>())
        {
            _writer = writer;
            _dataset = dataset;
            _dims = dims;
            _chunkRows = chunkRows;
            _chunk = new T[chunkRows * RowElementsOf(dims)];
        }

        private long NextRow => _chunkStart + _buffered;

        public override void Write(long first, int rows, ReadOnlySpan<byte> data)
        {
            CheckRange(first, rows, data);
            if (first != NextRow)
                throw new InvalidOperationException($"Compressed files are written in order: '{DatasetPath}' expects row {NextRow} next, not {first}.");
            ReadOnlySpan<T> values = MemoryMarshal.Cast<byte, T>(data);
            int rowElements = (int)(RowBytes / Marshal.SizeOf<T>());
            int done = 0;
            while (done < rows)
            {
                int take = Math.Min(rows - done, _chunkRows - _buffered);
                values.Slice(done * rowElements, take * rowElements).CopyTo(_chunk.AsSpan(_buffered * rowElements));
                _buffered += take;
                done += take;
                if (_buffered == _chunkRows) WriteChunk();
            }
        }

        public override long FirstMissingRow() => NextRow < Rows ? NextRow : -1;

        public override void Flush()
        {
            if (_buffered > 0) WriteChunk();
        }

        public override void Dispose()
        {
        }

        private void WriteChunk()
        {
            var starts = new ulong[_dims.Length];
            var blocks = new ulong[_dims.Length];
            starts[0] = (ulong)_chunkStart;
            blocks[0] = (ulong)_buffered;
            for (int d = 1; d < _dims.Length; d++) blocks[d] = _dims[d];
            ulong elements = (ulong)(_buffered * RowBytes / Marshal.SizeOf<T>());
            _writer.Write(_dataset, _chunk, memorySelection: new HyperslabSelection(0, elements), fileSelection: new HyperslabSelection(_dims.Length, starts, blocks));
            _chunkStart += _buffered;
            _buffered = 0;
        }

        private static int RowElementsOf(ulong[] dims)
        {
            long perRow = 1;
            for (int d = 1; d < dims.Length; d++) perRow *= (long)dims[d];
            return checked((int)perRow);
        }
    }
}
