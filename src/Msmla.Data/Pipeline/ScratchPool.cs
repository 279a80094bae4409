using System.Collections.Concurrent;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// Read buffers kept by a source across its enumerations. Each epoch's prefetch runs on a new thread,
    /// and arrays returned to the shared array pool from a thread that then ends are lost to it; keeping
    /// them here makes every epoch after the first allocation-free.
    /// </summary>
    internal sealed class ScratchPool
    {
        private const int Kept = 4;
        private readonly ConcurrentBag<byte[]> _buffers = new();

        /// <summary>A buffer of at least <paramref name="length"/> bytes.</summary>
        public byte[] Rent(int length)
        {
            while (_buffers.TryTake(out byte[]? buffer))
            {
                if (buffer.Length >= length) return buffer;
            }
            return new byte[length];
        }

        /// <summary>Keeps a buffer for later enumerations (a few at most).</summary>
        public void Return(byte[] buffer)
        {
            if (_buffers.Count < Kept) _buffers.Add(buffer);
        }
    }
}
