using System.Collections.Generic;

namespace Msmla.Hdf5
{
    /// <summary>
    /// Reads the messages of an object header (version 1, or version 2 with the <c>OHDR</c> signature), following
    /// continuation blocks at most once each and at most <see cref="Hdf5Limits.HeaderChunks"/> of them.
    /// </summary>
    internal static class Hdf5ObjectHeader
    {
        private const int Version2PrefixBytes = 4 + 1 + 1 + 16 + 4 + 8;

        public static IReadOnlyList<Hdf5HeaderMessage> Read(Hdf5Source source, ulong address)
        {
            string what = $"the object header at address {address:N0}";
            byte[] prefix = source.ReadUpTo(address, Version2PrefixBytes, what);
            var messages = new List<Hdf5HeaderMessage>();
            var chunks = new Queue<(ulong Address, ulong Length)>();
            var seen = new HashSet<ulong>();
            bool version2;
            if (prefix.Length >= 4 && prefix[0] == (byte)'O' && prefix[1] == (byte)'H' && prefix[2] == (byte)'D' && prefix[3] == (byte)'R')
            {
                version2 = true;
                Hdf5Cursor cursor = source.Cursor(prefix, what, 4);
                int version = cursor.Byte();
                if (version != 2) throw Unsupported(what, version);
                byte flags = cursor.Byte();
                if ((flags & 0x20) != 0) cursor.Skip(16);
                if ((flags & 0x10) != 0) cursor.Skip(4);
                ulong size = cursor.Sized(1 << (flags & 3));
                ReadChunk(source, address + (ulong)cursor.Position, size, version2, flags, what, messages, chunks);
            }
            else
            {
                version2 = false;
                if (prefix.Length < 16) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} is cut short.");
                if (prefix[0] != 1) throw Unsupported(what, prefix[0]);
                ulong size = source.Cursor(prefix, what, 8).UInt32();
                ReadChunk(source, address + 16, size, version2, 0, what, messages, chunks);
            }
            seen.Add(address);
            int count = 1;
            while (chunks.Count > 0)
            {
                (ulong at, ulong length) = chunks.Dequeue();
                if (!seen.Add(at)) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} continues into a block it already holds (a loop).");
                if (++count > Hdf5Limits.HeaderChunks)
                    throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} continues over more than {Hdf5Limits.HeaderChunks} blocks.");
                if (version2)
                {
                    if (length < 8) throw new Hdf5StructureException($"the HDF5 structure is damaged: a continuation block of {what} has {length} bytes.");
                    source.Cursor(at, 4, what + " (continuation)").Signature("OCHK");
                    ReadChunk(source, at + 4, length - 8, version2, HeaderFlags(prefix), what, messages, chunks);
                }
                else
                {
                    ReadChunk(source, at, length, version2, 0, what, messages, chunks);
                }
            }
            return messages;
        }

        private static byte HeaderFlags(byte[] prefix) => prefix[5];

        private static void ReadChunk(Hdf5Source source, ulong address, ulong length, bool version2, byte headerFlags, string what,
            List<Hdf5HeaderMessage> messages, Queue<(ulong, ulong)> chunks)
        {
            if (length > (ulong)Hdf5Limits.BlockBytes)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: a block of {what} claims {length:N0} bytes.");
            Hdf5Cursor cursor = source.Cursor(address, (long)length, what);
            int messageHeader = version2 ? 4 + ((headerFlags & 0x04) != 0 ? 2 : 0) : 8;
            while (cursor.Remaining >= messageHeader)
            {
                int type;
                int size;
                byte flags;
                if (version2)
                {
                    type = cursor.Byte();
                    size = cursor.UInt16();
                    flags = cursor.Byte();
                    if ((headerFlags & 0x04) != 0) cursor.Skip(2);
                }
                else
                {
                    type = cursor.UInt16();
                    size = cursor.UInt16();
                    flags = cursor.Byte();
                    cursor.Skip(3);
                }
                byte[] data = cursor.Take(size).ToArray();
                if (type == Hdf5HeaderMessage.Continuation)
                {
                    Hdf5Cursor continuation = source.Cursor(data, what + " (continuation message)");
                    chunks.Enqueue((continuation.Offset(), continuation.Length()));
                }
                else if (type != 0)
                {
                    messages.Add(new Hdf5HeaderMessage(type, flags, data));
                }
            }
        }

        private static Hdf5StructureException Unsupported(string what, int version) =>
            new($"{what} has version {version}, which these readers do not support (versions 1 and 2 are read).");
    }
}
