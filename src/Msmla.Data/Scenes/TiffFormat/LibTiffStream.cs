using System.IO;
using BitMiracle.LibTiff.Classic;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Gives LibTiff.NET a stream the reader owns: LibTiff.NET's client data carries the reader's
    /// <see cref="LibTiffSession"/> (for error routing), so the stream cannot come from it; closing the
    /// Tiff does not close the stream.
    /// </summary>
    internal sealed class LibTiffStream : TiffStream
    {
        private readonly Stream _stream;

        public LibTiffStream(Stream stream) => _stream = stream;

        public override int Read(object clientData, byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);

        public override void Write(object clientData, byte[] buffer, int offset, int count) =>
            throw new IOException("The GeoTIFF reader opens files read-only.");

        public override long Seek(object clientData, long offset, SeekOrigin origin) => _stream.Seek(offset, origin);

        public override void Close(object clientData)
        {
        }

        public override long Size(object clientData) => _stream.Length;
    }
}
