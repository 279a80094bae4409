using System;
using System.Collections.Generic;
using PureHDF.VOL.Native;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// A chunk cache for PureHDF that refuses chunks never written. PureHDF, like the HDF5 library, returns the
    /// dataset's fill value for a chunk that has no storage, without reading the file; so when a cache miss is filled
    /// without PureHDF reading any dataset bytes (recorded by <see cref="RecordingStream"/>), the chunk was never
    /// written and <see cref="UnwrittenChunkException"/> is thrown instead. Used under the container's lock.
    /// </summary>
    internal sealed class WrittenChunkCache : IReadingChunkCache
    {
        private readonly IReadingChunkCache _inner;
        private readonly RecordingStream _recorder;

        public WrittenChunkCache(IReadingChunkCache inner, RecordingStream recorder)
        {
            _inner = inner;
            _recorder = recorder;
        }

        public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkReader) =>
            _inner.GetChunk(chunkIndex, () =>
            {
                List<long> reads = _recorder.StartRecording();
                try
                {
                    Memory<byte> chunk = chunkReader();
                    if (reads.Count == 0) throw new UnwrittenChunkException(chunkIndex);
                    return chunk;
                }
                finally
                {
                    _recorder.StopRecording();
                }
            });

        /// <summary>The <see cref="UnwrittenChunkException"/> in an exception's chain, if any.</summary>
        public static UnwrittenChunkException? FindUnwritten(Exception error)
        {
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                if (e is UnwrittenChunkException unwritten) return unwritten;
            }
            return null;
        }

        /// <summary>A chunk read by PureHDF had no storage in the file.</summary>
        internal sealed class UnwrittenChunkException : Exception
        {
            public UnwrittenChunkException(ulong chunkIndex)
                : base($"chunk {chunkIndex:N0} in HDF5's chunk order")
            {
                ChunkIndex = chunkIndex;
            }

            public ulong ChunkIndex { get; }
        }
    }
}
