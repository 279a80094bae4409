using System;
using System.IO;

namespace Msmla.Hdf5
{
    /// <summary>A read-only stream for PureHDF that applies <see cref="Hdf5StackGuard"/> at every read.</summary>
    internal sealed class Hdf5GuardedStream : Stream
    {
        private readonly Stream _inner;

        public Hdf5GuardedStream(Stream inner)
        {
            _inner = inner;
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
