using System;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Hdf5
{
    /// <summary>
    /// The links of a group, read from its object header without resolving any of them: a symbol table ("old-style"
    /// groups), link messages in the header (compact "new-style" groups) or a fractal heap indexed by a version 2
    /// B-tree (dense "new-style" groups).
    /// </summary>
    internal static class Hdf5GroupLinks
    {
        /// <summary>Record type of a version 2 B-tree indexing links by name.</summary>
        private const int NameIndexRecords = 5;

        /// <summary>Whether an object header belongs to a group.</summary>
        public static bool IsGroup(IReadOnlyList<Hdf5HeaderMessage> messages) =>
            messages.Any(m => m.Type is Hdf5HeaderMessage.SymbolTable or Hdf5HeaderMessage.LinkInfo or Hdf5HeaderMessage.Link);

        public static IReadOnlyList<Hdf5Link> Read(Hdf5Source source, IReadOnlyList<Hdf5HeaderMessage> messages)
        {
            Hdf5HeaderMessage? table = messages.FirstOrDefault(m => m.Type == Hdf5HeaderMessage.SymbolTable);
            if (table != null) return Hdf5SymbolTable.Read(source, table.Data);
            Hdf5HeaderMessage? info = messages.FirstOrDefault(m => m.Type == Hdf5HeaderMessage.LinkInfo);
            if (info != null)
            {
                Hdf5Cursor c = source.Cursor(info.Data, "a link info message");
                int version = c.Byte();
                if (version != 0) throw new Hdf5StructureException($"a link info message has version {version}, which these readers do not support.");
                byte flags = c.Byte();
                if ((flags & 0x01) != 0) c.Skip(8);
                ulong heap = c.Offset();
                ulong names = c.Offset();
                if (!source.IsUndefined(heap)) return Dense(source, heap, names);
            }
            List<Hdf5Link> links = messages.Where(m => m.Type == Hdf5HeaderMessage.Link).Select(m => Hdf5LinkMessage.Parse(source, m.Data)).ToList();
            if (links.Count > Hdf5Limits.LinksPerGroup)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: a group claims more than {Hdf5Limits.LinksPerGroup:N0} links.");
            return links;
        }

        private static IReadOnlyList<Hdf5Link> Dense(Hdf5Source source, ulong heapAddress, ulong namesAddress)
        {
            Hdf5FractalHeap heap = Hdf5FractalHeap.Open(source, heapAddress);
            var links = new List<Hdf5Link>();
            foreach (byte[] record in Hdf5BTree2.Records(source, namesAddress, NameIndexRecords))
            {
                // A record is the name's hash (4 bytes) and the heap ID of the link message.
                if (record.Length <= 4) throw new Hdf5StructureException("the HDF5 structure is damaged: a link name index record is too short.");
                links.Add(Hdf5LinkMessage.Parse(source, heap.Read(record.AsSpan(4))));
            }
            return links;
        }
    }
}
