using System;
using System.Collections.Generic;
using System.IO;
using Msmla.Hdf5;
using PureHDF;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// A pass-through stream under PureHDF that can record the file offsets at which PureHDF reads
    /// dataset values (PureHDF announces those reads through <see cref="IDatasetStream"/>). Reading one
    /// element through PureHDF while recording reveals where a contiguous dataset's values start, so
    /// that batches can then be read directly with positional reads (see <see cref="RowDataset"/>). Every read applies
    /// <see cref="Hdf5StackGuard"/>, so that a structure PureHDF would follow without end fails instead of overflowing the stack.
    /// </summary>
    internal sealed class RecordingStream : Stream, IDatasetStream
    {
        private readonly Stream _inner;
        private List<long>? _recorded;

        public RecordingStream(Stream inner)
        {
            _inner = inner;
        }

        /// <summary>Starts recording data-read offsets into a fresh list and returns it.</summary>
        public List<long> StartRecording() => _recorded = new List<long>();

        /// <summary>Stops recording.</summary>
        public void StopRecording() => _recorded = null;

        public void ReadDataset(Span<byte> buffer)
        {
            Hdf5StackGuard.Check();
            _recorded?.Add(_inner.Position);
            _inner.ReadExactly(buffer);
        }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Hdf5StackGuard.Check();
            return _inner.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Hdf5StackGuard.Check();
            return _inner.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
