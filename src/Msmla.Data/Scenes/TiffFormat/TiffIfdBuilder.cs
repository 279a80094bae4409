using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Builds one little-endian image file directory for a classic TIFF or a BigTIFF: entries sorted by tag,
    /// values that do not fit the entry written after the directory (8-byte aligned). Its size depends only on
    /// the entries' types and counts, so a writer can place every directory before it knows the data offsets.
    /// </summary>
    internal sealed class TiffIfdBuilder
    {
        private const ushort Short = 3, Long = 4, Double = 12, Ascii = 2, Long8 = 16;
        private readonly SortedDictionary<ushort, (ushort Type, long Count, byte[] Data)> _entries = new();
        private readonly bool _bigTiff;

        public TiffIfdBuilder(bool bigTiff) => _bigTiff = bigTiff;

        public void AddShorts(ushort tag, params ushort[] values)
        {
            var data = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), values[i]);
            _entries[tag] = (Short, values.Length, data);
        }

        public void AddLong(ushort tag, uint value)
        {
            var data = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(data, value);
            _entries[tag] = (Long, 1, data);
        }

        public void AddDoubles(ushort tag, IReadOnlyList<double> values)
        {
            var data = new byte[values.Count * 8];
            for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
            _entries[tag] = (Double, values.Count, data);
        }

        /// <summary>An ASCII value, written with its terminating NUL.</summary>
        public void AddAscii(ushort tag, string value)
        {
            byte[] data = Encoding.UTF8.GetBytes(value + "\0");
            _entries[tag] = (Ascii, data.Length, data);
        }

        /// <summary>Offsets or byte counts: LONG in a classic TIFF, LONG8 in a BigTIFF.</summary>
        public void AddOffsets(ushort tag, IReadOnlyList<ulong> values)
        {
            int size = _bigTiff ? 8 : 4;
            var data = new byte[values.Count * size];
            for (int i = 0; i < values.Count; i++)
            {
                if (_bigTiff) BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(i * 8), values[i]);
                else BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(i * 4), checked((uint)values[i]));
            }
            _entries[tag] = (_bigTiff ? Long8 : Long, values.Count, data);
        }

        private int CountSize => _bigTiff ? 8 : 2;

        private int EntrySize => _bigTiff ? 20 : 12;

        private int InlineSize => _bigTiff ? 8 : 4;

        /// <summary>The bytes of the directory with its out-of-line values (a multiple of 8).</summary>
        public long Size
        {
            get
            {
                long size = Align(CountSize + (long)_entries.Count * EntrySize + InlineSize);
                foreach ((ushort _, long _, byte[] data) in _entries.Values)
                    if (data.Length > InlineSize) size += Align(data.Length);
                return size;
            }
        }

        /// <summary>The directory placed at <paramref name="offset"/>, pointing to the next one at <paramref name="nextOffset"/> (0 for none).</summary>
        public byte[] ToBytes(long offset, long nextOffset)
        {
            var bytes = new byte[Size];
            Span<byte> span = bytes;
            int pos = 0;
            if (_bigTiff) BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)_entries.Count);
            else BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)_entries.Count));
            pos += CountSize;
            long dataPos = Align(CountSize + (long)_entries.Count * EntrySize + InlineSize);
            foreach (KeyValuePair<ushort, (ushort Type, long Count, byte[] Data)> entry in _entries)
            {
                (ushort type, long count, byte[] data) = entry.Value;
                BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(pos), entry.Key);
                BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(pos + 2), type);
                if (_bigTiff) BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(pos + 4), (ulong)count);
                else BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(pos + 4), checked((uint)count));
                int valuePos = pos + (_bigTiff ? 12 : 8);
                if (data.Length <= InlineSize)
                {
                    data.CopyTo(span.Slice(valuePos));
                }
                else
                {
                    WriteOffset(span.Slice(valuePos), offset + dataPos);
                    data.CopyTo(span.Slice((int)dataPos));
                    dataPos += Align(data.Length);
                }
                pos += EntrySize;
            }
            WriteOffset(span.Slice(pos), nextOffset);
            return bytes;
        }

        private void WriteOffset(Span<byte> destination, long value)
        {
            if (_bigTiff) BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)value);
            else BinaryPrimitives.WriteUInt32LittleEndian(destination, checked((uint)value));
        }

        private static long Align(long value) => (value + 7) & ~7L;
    }
}
