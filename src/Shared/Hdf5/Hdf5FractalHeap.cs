using System;
using System.Numerics;

namespace Msmla.Hdf5
{
    /// <summary>
    /// Reads objects out of a fractal heap (where "new-style" groups with many links keep their link messages): the
    /// heap header, then direct and indirect blocks down to the block holding an object. Managed and tiny objects are
    /// read; huge objects and filtered heaps are refused as unsupported.
    /// </summary>
    internal sealed class Hdf5FractalHeap
    {
        private readonly Hdf5Source _source;
        private readonly int _tableWidth;
        private readonly ulong _startBlockSize;
        private readonly int _maxDirectRows;
        private readonly int _offsetBytes;
        private readonly int _lengthBytes;
        private readonly ulong _root;
        private readonly int _rootRows;
        private readonly int _idLength;

        private Hdf5FractalHeap(Hdf5Source source, int tableWidth, ulong startBlockSize, int maxDirectRows, int offsetBytes, int lengthBytes,
            ulong root, int rootRows, int idLength)
        {
            _source = source;
            _tableWidth = tableWidth;
            _startBlockSize = startBlockSize;
            _maxDirectRows = maxDirectRows;
            _offsetBytes = offsetBytes;
            _lengthBytes = lengthBytes;
            _root = root;
            _rootRows = rootRows;
            _idLength = idLength;
        }

        public static Hdf5FractalHeap Open(Hdf5Source source, ulong address)
        {
            string what = $"the fractal heap at address {address:N0}";
            int o = source.OffsetSize;
            int l = source.LengthSize;
            Hdf5Cursor c = source.Cursor(address, 4 + 1 + 2 + 2 + 1 + 4 + 12 * l + 3 * o + 2 + 2 + 2 + 2, what);
            c.Signature("FRHP");
            int version = c.Byte();
            if (version != 0) throw new Hdf5StructureException($"{what} has version {version}, which these readers do not support.");
            int idLength = c.UInt16();
            int filterLength = c.UInt16();
            c.Byte();
            ulong maxManaged = c.UInt32();
            c.Length();
            c.Offset();
            c.Length();
            c.Offset();
            c.Length();
            c.Length();
            c.Length();
            c.Length();
            c.Length();
            c.Length();
            c.Length();
            c.Length();
            int tableWidth = c.UInt16();
            ulong startBlockSize = c.Length();
            ulong maxDirectBlockSize = c.Length();
            int maxHeapBits = c.UInt16();
            c.UInt16();
            ulong root = c.Offset();
            int rootRows = c.UInt16();
            if (filterLength > 0)
                throw new Hdf5StructureException($"{what} is compressed, which these readers do not support for group links.");
            if (tableWidth < 1 || !BitOperations.IsPow2(tableWidth) || startBlockSize < 1 || !BitOperations.IsPow2(startBlockSize)
                || maxDirectBlockSize < startBlockSize || !BitOperations.IsPow2(maxDirectBlockSize) || maxHeapBits < 1 || maxHeapBits > 64
                || rootRows > 64 || idLength < 1 || idLength > 64)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} has impossible table parameters.");
            int startBits = BitOperations.Log2(startBlockSize);
            int maxDirectBits = BitOperations.Log2(maxDirectBlockSize);
            int offsetBytes = (maxHeapBits + 7) / 8;
            int lengthBytes = Math.Min((maxDirectBits + 7) / 8, BitOperations.Log2(Math.Max(maxManaged, 1)) / 8 + 1);
            return new Hdf5FractalHeap(source, tableWidth, startBlockSize, maxDirectBits - startBits + 2, offsetBytes, lengthBytes, root, rootRows, idLength);
        }

        /// <summary>The object that a heap ID (as stored in a B-tree record) names.</summary>
        public byte[] Read(ReadOnlySpan<byte> id)
        {
            if (id.Length < 1) throw new Hdf5StructureException("the HDF5 structure is damaged: an empty fractal heap ID.");
            int version = id[0] >> 6;
            int type = (id[0] >> 4) & 3;
            if (version != 0) throw new Hdf5StructureException($"a fractal heap ID has version {version}, which these readers do not support.");
            byte[] idBytes = id.ToArray();
            Hdf5Cursor cursor = _source.Cursor(idBytes, "a fractal heap ID", 1);
            switch (type)
            {
                case 0:
                {
                    ulong offset = cursor.Sized(_offsetBytes);
                    ulong length = cursor.Sized(_lengthBytes);
                    (ulong block, ulong within, ulong blockSize) = Locate(offset);
                    if (length == 0 || within + length > blockSize)
                        throw new Hdf5StructureException($"the HDF5 structure is damaged: a heap object of {length:N0} bytes at heap offset {offset:N0} crosses its block.");
                    return _source.Read(block + within, (long)length, $"a heap object at heap offset {offset:N0}");
                }
                case 2:
                {
                    int length = (id[0] & 0x0F) + 1;
                    if (_idLength > 18) length = ((id[0] & 0x0F) << 8 | (id.Length > 1 ? id[1] : 0)) + 1;
                    int start = _idLength > 18 ? 2 : 1;
                    if (start + length > id.Length) throw new Hdf5StructureException("the HDF5 structure is damaged: a tiny heap object is longer than its ID.");
                    return id.Slice(start, length).ToArray();
                }
                default:
                    throw new Hdf5StructureException("a group link is stored as a huge fractal heap object, which these readers do not support.");
            }
        }

        /// <summary>The block holding heap offset <paramref name="offset"/>: its address, the offset inside it and its size.</summary>
        private (ulong Block, ulong Within, ulong Size) Locate(ulong offset)
        {
            if (_rootRows == 0)
            {
                if (offset >= _startBlockSize) throw Outside(offset);
                return (_root, offset, _startBlockSize);
            }
            ulong block = _root;
            int rows = _rootRows;
            ulong blockStart = 0;
            for (int depth = 0; depth <= Hdf5Limits.TreeDepth; depth++)
            {
                (ulong child, int row, ulong within) = FindChild(block, rows, offset - blockStart, offset);
                ulong size = RowBlockSize(row);
                if (row < _maxDirectRows) return (child, within, size);
                block = child;
                blockStart = offset - within;
                rows = BitOperations.Log2(size) - BitOperations.Log2(_startBlockSize * (ulong)_tableWidth) + 1;
            }
            throw new Hdf5StructureException($"the HDF5 structure is damaged: a fractal heap nests indirect blocks deeper than {Hdf5Limits.TreeDepth} levels.");
        }

        /// <summary>The child of an indirect block of <paramref name="rows"/> rows that holds <paramref name="relative"/> (bytes from the block's start).</summary>
        private (ulong Child, int Row, ulong Within) FindChild(ulong block, int rows, ulong relative, ulong offset)
        {
            long entries = (long)rows * _tableWidth;
            string what = $"the fractal heap indirect block at address {block:N0}";
            long headerBytes = 4 + 1 + _source.OffsetSize + _offsetBytes;
            Hdf5Cursor c = _source.Cursor(block, headerBytes + entries * _source.OffsetSize, what);
            c.Signature("FHIB");
            c.Skip(1 + _source.OffsetSize + _offsetBytes);
            for (int row = 0; row < rows; row++)
            {
                ulong size = RowBlockSize(row);
                ulong span = size * (ulong)_tableWidth;
                if (relative >= span)
                {
                    relative -= span;
                    c.Skip((long)_tableWidth * _source.OffsetSize);
                    continue;
                }
                int column = (int)(relative / size);
                c.Skip((long)column * _source.OffsetSize);
                ulong child = c.Offset();
                if (_source.IsUndefined(child)) throw Outside(offset);
                return (child, row, relative % size);
            }
            throw Outside(offset);
        }

        private ulong RowBlockSize(int row)
        {
            if (row > 62) throw new Hdf5StructureException("the HDF5 structure is damaged: a fractal heap has more than 62 rows.");
            return row == 0 ? _startBlockSize : _startBlockSize << (row - 1);
        }

        private static Hdf5StructureException Outside(ulong offset) =>
            new($"the HDF5 structure is damaged: heap offset {offset:N0} lies in no allocated block of its fractal heap.");
    }
}
