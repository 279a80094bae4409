using System;
using System.Collections;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Data.Hdf5
{
    /// <summary>Writes rows of a contiguous dataset in place with positional writes, in any order.</summary>
    internal sealed class DirectRowSink : RowSink
    {
        private readonly SafeFileHandle _handle;
        private readonly long _offset;
        private readonly BitArray _written;

        public DirectRowSink(SafeFileHandle handle, string datasetPath, long offset, long rows, long rowBytes)
            : base(datasetPath, rows, rowBytes)
        {
            _handle = handle;
            _offset = offset;
            _written = new BitArray(checked((int)rows));
        }

        public override void Write(long first, int rows, ReadOnlySpan<byte> data)
        {
            CheckRange(first, rows, data);
            RandomAccess.Write(_handle, data, _offset + first * RowBytes);
            for (int r = 0; r < rows; r++) _written[(int)(first + r)] = true;
        }

        public override long FirstMissingRow()
        {
            for (int r = 0; r < _written.Length; r++)
            {
                if (!_written[r]) return r;
            }
            return -1;
        }

        public override void Flush()
        {
        }

        public override void Dispose()
        {
        }
    }
}
