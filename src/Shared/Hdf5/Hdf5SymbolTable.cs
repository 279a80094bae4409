using System.Collections.Generic;

namespace Msmla.Hdf5
{
    /// <summary>
    /// The links of an "old-style" group (HDF5 1.6 layout, what h5py writes by default): a version 1 B-tree of symbol
    /// table nodes whose entries name their links in a local heap. Soft links are entries with cache type 2. The tree is
    /// walked without recursion, each node at most once, and no deeper than <see cref="Hdf5Limits.TreeDepth"/>.
    /// </summary>
    internal static class Hdf5SymbolTable
    {
        public static IReadOnlyList<Hdf5Link> Read(Hdf5Source source, byte[] message)
        {
            Hdf5Cursor cursor = source.Cursor(message, "a symbol table message");
            ulong tree = cursor.Offset();
            ulong heap = cursor.Offset();
            byte[] names = ReadLocalHeap(source, heap);
            var links = new List<Hdf5Link>();
            var pending = new Stack<(ulong Address, int Level)>();
            var seen = new HashSet<ulong>();
            pending.Push((tree, -1));
            while (pending.Count > 0)
            {
                (ulong address, int expectedLevel) = pending.Pop();
                if (!seen.Add(address))
                    throw new Hdf5StructureException("the HDF5 structure is damaged: a group's B-tree refers to one of its nodes twice (a loop).");
                string what = $"the group B-tree node at address {address:N0}";
                int headerBytes = 8 + 2 * source.OffsetSize;
                Hdf5Cursor head = source.Cursor(address, headerBytes, what);
                head.Signature("TREE");
                int type = head.Byte();
                int level = head.Byte();
                int entries = head.UInt16();
                if (type != 0) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} has node type {type}, not a group node.");
                if ((expectedLevel >= 0 && level != expectedLevel) || level > Hdf5Limits.TreeDepth)
                    throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} is at level {level} where level {expectedLevel} was expected.");
                long bodyBytes = (long)(entries + 1) * source.LengthSize + (long)entries * source.OffsetSize;
                Hdf5Cursor body = source.Cursor(address + (ulong)headerBytes, bodyBytes, what);
                for (int i = 0; i < entries; i++)
                {
                    body.Length();
                    ulong child = body.Offset();
                    if (level > 0) pending.Push((child, level - 1));
                    else ReadNode(source, child, names, links);
                }
            }
            return links;
        }

        private static void ReadNode(Hdf5Source source, ulong address, byte[] names, List<Hdf5Link> links)
        {
            string what = $"the symbol table node at address {address:N0}";
            Hdf5Cursor head = source.Cursor(address, 8, what);
            head.Signature("SNOD");
            int version = head.Byte();
            if (version != 1) throw new Hdf5StructureException($"{what} has version {version}, which these readers do not support.");
            head.Skip(1);
            int count = head.UInt16();
            if (links.Count + count > Hdf5Limits.LinksPerGroup)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: a group claims more than {Hdf5Limits.LinksPerGroup:N0} links.");
            int entryBytes = 2 * source.OffsetSize + 24;
            Hdf5Cursor entries = source.Cursor(address + 8, (long)count * entryBytes, what);
            for (int i = 0; i < count; i++)
            {
                string name = Name(source, names, entries.Offset());
                ulong header = entries.Offset();
                uint cacheType = entries.UInt32();
                entries.Skip(4);
                Hdf5Cursor scratch = source.Cursor(entries.Take(16).ToArray(), what);
                links.Add(cacheType == 2
                    ? new Hdf5Link(name, Hdf5LinkKind.Soft, 0, Name(source, names, scratch.UInt32()), LinkType: 1)
                    : new Hdf5Link(name, Hdf5LinkKind.Hard, header));
            }
        }

        private static byte[] ReadLocalHeap(Hdf5Source source, ulong address)
        {
            string what = $"the local heap at address {address:N0}";
            Hdf5Cursor cursor = source.Cursor(address, 8 + 2 * source.LengthSize + source.OffsetSize, what);
            cursor.Signature("HEAP");
            int version = cursor.Byte();
            if (version != 0) throw new Hdf5StructureException($"{what} has version {version}, which these readers do not support.");
            cursor.Skip(3);
            ulong size = cursor.Length();
            cursor.Length();
            ulong data = cursor.Offset();
            if (size > (ulong)Hdf5Limits.BlockBytes) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} claims {size:N0} bytes.");
            return source.Read(data, (long)size, what + " (its names)");
        }

        private static string Name(Hdf5Source source, byte[] names, ulong offset)
        {
            if (offset >= (ulong)names.Length)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: a link name lies at offset {offset:N0} of a {names.Length:N0}-byte heap.");
            return source.Cursor(names, "a group's local heap", (int)offset).TerminatedText();
        }
    }
}
