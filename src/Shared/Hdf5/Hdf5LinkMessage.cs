namespace Msmla.Hdf5
{
    /// <summary>Decodes a link message (type 6), as stored in a group's header (compact links) or its fractal heap (dense links).</summary>
    internal static class Hdf5LinkMessage
    {
        public static Hdf5Link Parse(Hdf5Source source, byte[] data)
        {
            Hdf5Cursor cursor = source.Cursor(data, "a link message");
            int version = cursor.Byte();
            if (version != 1) throw new Hdf5StructureException($"a link message has version {version}, which these readers do not support.");
            byte flags = cursor.Byte();
            int type = (flags & 0x08) != 0 ? cursor.Byte() : 0;
            if ((flags & 0x04) != 0) cursor.Skip(8);
            if ((flags & 0x10) != 0) cursor.Skip(1);
            ulong nameLength = cursor.Sized(1 << (flags & 3));
            if (nameLength == 0 || nameLength > (ulong)cursor.Remaining)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: a link name claims {nameLength:N0} bytes.");
            string name = cursor.Text((long)nameLength);
            switch (type)
            {
                case 0:
                    return new Hdf5Link(name, Hdf5LinkKind.Hard, cursor.Offset());
                case 1:
                    return new Hdf5Link(name, Hdf5LinkKind.Soft, 0, cursor.Text(cursor.UInt16()), LinkType: 1);
                case 64:
                {
                    byte[] value = cursor.Take(cursor.UInt16()).ToArray();
                    Hdf5Cursor external = source.Cursor(value, $"the external link '{name}'");
                    int versionAndFlags = external.Byte();
                    if (versionAndFlags >> 4 != 0)
                        throw new Hdf5StructureException($"the external link '{name}' has version {versionAndFlags >> 4}, which these readers do not support.");
                    string file = external.TerminatedText();
                    string path = external.TerminatedText();
                    return new Hdf5Link(name, Hdf5LinkKind.External, 0, path, file, 64);
                }
                default:
                    return new Hdf5Link(name, Hdf5LinkKind.Other, 0, LinkType: type);
            }
        }
    }
}
