using System;
using System.Collections.Generic;
using System.Numerics;

namespace Msmla.Hdf5
{
    /// <summary>
    /// Lists the records of a version 2 B-tree (for example the name index of a group with dense link storage), walking
    /// its nodes without recursion, each at most once, no deeper than <see cref="Hdf5Limits.TreeDepth"/>.
    /// </summary>
    internal static class Hdf5BTree2
    {
        /// <summary>Bytes of a node's signature, version, type and checksum.</summary>
        private const int NodePrefixBytes = 10;

        public static IReadOnlyList<byte[]> Records(Hdf5Source source, ulong address, int expectedType)
        {
            string what = $"the version 2 B-tree at address {address:N0}";
            Hdf5Cursor c = source.Cursor(address, 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + source.OffsetSize + 2 + source.LengthSize, what);
            c.Signature("BTHD");
            int version = c.Byte();
            if (version != 0) throw new Hdf5StructureException($"{what} has version {version}, which these readers do not support.");
            int type = c.Byte();
            uint nodeSize = c.UInt32();
            int recordSize = c.UInt16();
            int depth = c.UInt16();
            c.Skip(2);
            ulong root = c.Offset();
            int rootRecords = c.UInt16();
            if (type != expectedType) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} has record type {type}, not {expectedType}.");
            if (recordSize < 1 || nodeSize <= NodePrefixBytes || nodeSize > Hdf5Limits.BlockBytes || depth > Hdf5Limits.TreeDepth)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} has impossible node parameters.");

            (int countBytes, int[] totalBytes) = FieldSizes(nodeSize, recordSize, depth, source.OffsetSize, what);
            var records = new List<byte[]>();
            if (source.IsUndefined(root) || rootRecords == 0) return records;
            var pending = new Stack<(ulong Address, int Records, int Depth)>();
            var seen = new HashSet<ulong>();
            pending.Push((root, rootRecords, depth));
            while (pending.Count > 0)
            {
                (ulong node, int count, int level) = pending.Pop();
                if (!seen.Add(node)) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} refers to one of its nodes twice (a loop).");
                if (records.Count + count > Hdf5Limits.LinksPerGroup)
                    throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} claims more than {Hdf5Limits.LinksPerGroup:N0} records.");
                string nodeWhat = $"the B-tree node at address {node:N0}";
                int pointerBytes = level > 0 ? source.OffsetSize + countBytes + (level > 1 ? totalBytes[level - 1] : 0) : 0;
                long bytes = 6 + (long)count * recordSize + (level > 0 ? (long)(count + 1) * pointerBytes : 0);
                if (bytes > nodeSize) throw new Hdf5StructureException($"the HDF5 structure is damaged: {nodeWhat} claims {count} records, more than fit.");
                Hdf5Cursor n = source.Cursor(node, bytes, nodeWhat);
                n.Signature(level > 0 ? "BTIN" : "BTLF");
                n.Skip(2);
                for (int i = 0; i < count; i++) records.Add(n.Take(recordSize).ToArray());
                for (int i = 0; level > 0 && i <= count; i++)
                {
                    ulong child = n.Offset();
                    int childRecords = (int)Math.Min(n.Sized(countBytes), int.MaxValue);
                    if (level > 1) n.Sized(totalBytes[level - 1]);
                    pending.Push((child, childRecords, level - 1));
                }
            }
            return records;
        }

        /// <summary>
        /// The widths of an internal node's "records in child" field and, per depth, of its "records below child" field,
        /// computed from the node size as the HDF5 library does (H5B2__hdr_init).
        /// </summary>
        private static (int CountBytes, int[] TotalBytes) FieldSizes(uint nodeSize, int recordSize, int depth, int offsetSize, string what)
        {
            var maxRecords = new ulong[depth + 1];
            var cumulative = new ulong[depth + 1];
            var totalBytes = new int[depth + 1];
            maxRecords[0] = (nodeSize - NodePrefixBytes) / (ulong)recordSize;
            cumulative[0] = maxRecords[0];
            int countBytes = EncodedSize(maxRecords[0]);
            for (int d = 1; d <= depth; d++)
            {
                ulong pointer = (ulong)(offsetSize + countBytes + totalBytes[d - 1]);
                if (nodeSize < NodePrefixBytes + pointer)
                    throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} has nodes too small for depth {depth}.");
                maxRecords[d] = (nodeSize - (NodePrefixBytes + pointer)) / ((ulong)recordSize + pointer);
                ulong product;
                try
                {
                    product = checked((maxRecords[d] + 1) * cumulative[d - 1] + maxRecords[d]);
                }
                catch (OverflowException)
                {
                    throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} is too deep for its node size.");
                }
                cumulative[d] = product;
                totalBytes[d] = EncodedSize(product);
            }
            return (countBytes, totalBytes);
        }

        /// <summary>Bytes that hold numbers up to <paramref name="limit"/> (H5VM_limit_enc_size).</summary>
        private static int EncodedSize(ulong limit) => (limit == 0 ? 0 : BitOperations.Log2(limit)) / 8 + 1;
    }
}
