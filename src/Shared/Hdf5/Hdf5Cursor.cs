using System;
using System.Buffers.Binary;
using System.Text;

namespace Msmla.Hdf5
{
    /// <summary>Reads little-endian fields from one structure block of an HDF5 file, refusing to read past its end.</summary>
    internal sealed class Hdf5Cursor
    {
        private readonly byte[] _bytes;
        private readonly string _what;
        private readonly int _offsetSize;
        private readonly int _lengthSize;

        public Hdf5Cursor(byte[] bytes, string what, int offsetSize, int lengthSize, int position = 0)
        {
            _bytes = bytes;
            _what = what;
            _offsetSize = offsetSize;
            _lengthSize = lengthSize;
            Position = position;
        }

        /// <summary>The position in the block.</summary>
        public int Position { get; private set; }

        /// <summary>Bytes left in the block.</summary>
        public int Remaining => _bytes.Length - Position;

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        /// <summary>A file address (the superblock's size of offsets).</summary>
        public ulong Offset() => Sized(_offsetSize);

        /// <summary>A length (the superblock's size of lengths).</summary>
        public ulong Length() => Sized(_lengthSize);

        /// <summary>An unsigned little-endian number of 0 to 8 bytes.</summary>
        public ulong Sized(int bytes)
        {
            if (bytes < 0 || bytes > 8) throw Damaged($"a {bytes}-byte number field");
            ReadOnlySpan<byte> field = Take(bytes);
            ulong value = 0;
            for (int i = bytes - 1; i >= 0; i--) value = (value << 8) | field[i];
            return value;
        }

        /// <summary>The next <paramref name="count"/> bytes.</summary>
        public ReadOnlySpan<byte> Take(long count)
        {
            if (count < 0 || count > Remaining) throw Damaged($"{count} bytes at position {Position}");
            var span = new ReadOnlySpan<byte>(_bytes, Position, (int)count);
            Position += (int)count;
            return span;
        }

        public void Skip(long count) => Take(count);

        /// <summary>Checks a 4-byte signature such as <c>OHDR</c>.</summary>
        public void Signature(string expected)
        {
            ReadOnlySpan<byte> found = Take(4);
            if (Encoding.ASCII.GetString(found) != expected)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: {_what} does not start with the signature {expected}.");
        }

        /// <summary>Text of <paramref name="count"/> bytes (UTF-8, stopping at a NUL).</summary>
        public string Text(long count) => Decode(Take(count));

        /// <summary>NUL-terminated text.</summary>
        public string TerminatedText()
        {
            int end = Array.IndexOf(_bytes, (byte)0, Position);
            if (end < 0) throw Damaged("a name without its terminating NUL");
            string text = Encoding.UTF8.GetString(_bytes, Position, end - Position);
            Position = end + 1;
            return text;
        }

        /// <summary>UTF-8 text up to the first NUL, if any.</summary>
        public static string Decode(ReadOnlySpan<byte> bytes)
        {
            int end = bytes.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? bytes : bytes.Slice(0, end));
        }

        private Hdf5StructureException Damaged(string what) =>
            new($"the HDF5 structure is damaged: {_what} ends before {what}.");
    }
}
