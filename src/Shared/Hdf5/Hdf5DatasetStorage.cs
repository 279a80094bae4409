using System.Collections.Generic;
using System.Linq;

namespace Msmla.Hdf5
{
    /// <summary>The storage layout classes of the HDF5 data layout message.</summary>
    internal enum Hdf5LayoutClass
    {
        Compact = 0,
        Contiguous = 1,
        Chunked = 2,
        Virtual = 3,
    }

    /// <summary>
    /// How a dataset's values are stored, read from its object header: the layout, whether its storage was ever
    /// allocated, the filters, whether values lie in other files (external storage, virtual datasets) and the byte
    /// order of its numbers.
    /// </summary>
    /// <param name="Layout">Compact, contiguous, chunked or virtual.</param>
    /// <param name="Allocated">False when the file records no storage at all for the values (never written); null when unknown.</param>
    /// <param name="Filters">The filter pipeline, in the order applied when writing.</param>
    /// <param name="ExternalStorage">Whether the values lie in other files listed by an external file list.</param>
    /// <param name="BigEndian">Whether the elements are big-endian numbers.</param>
    internal sealed record Hdf5DatasetStorage(Hdf5LayoutClass Layout, bool? Allocated, IReadOnlyList<Hdf5Filter> Filters, bool ExternalStorage, bool BigEndian)
    {
        /// <summary>The filters PureHDF cannot decode without an application registering them.</summary>
        public IEnumerable<Hdf5Filter> UnusualFilters => Filters.Where(f => !Hdf5Filter.BuiltIn.Contains(f.Id));

        /// <summary>Reads the storage description from a dataset's header messages.</summary>
        public static Hdf5DatasetStorage Read(Hdf5Source source, IReadOnlyList<Hdf5HeaderMessage> messages, IReadOnlyList<Hdf5HeaderMessage>? committedType)
        {
            Hdf5HeaderMessage layoutMessage = messages.FirstOrDefault(m => m.Type == Hdf5HeaderMessage.Layout)
                ?? throw new Hdf5StructureException("the HDF5 structure is damaged: a dataset has no data layout message.");
            (Hdf5LayoutClass layout, bool? allocated) = ReadLayout(source, layoutMessage.Data);
            Hdf5HeaderMessage? pipeline = messages.FirstOrDefault(m => m.Type == Hdf5HeaderMessage.FilterPipeline);
            IReadOnlyList<Hdf5Filter> filters = pipeline == null || pipeline.IsShared ? new List<Hdf5Filter>() : ReadFilters(source, pipeline.Data);
            bool external = messages.Any(m => m.Type == Hdf5HeaderMessage.ExternalFiles);
            Hdf5HeaderMessage? type = (committedType ?? messages).FirstOrDefault(m => m.Type == Hdf5HeaderMessage.Datatype && !m.IsShared);
            // Values in external files have no storage in this file (the layout's address is undefined).
            return new Hdf5DatasetStorage(layout, external ? null : allocated, filters, external, type != null && IsBigEndian(type.Data));
        }

        /// <summary>The address of the committed datatype that a shared datatype message refers to, or null.</summary>
        public static ulong? CommittedTypeAddress(Hdf5Source source, IReadOnlyList<Hdf5HeaderMessage> messages)
        {
            Hdf5HeaderMessage? type = messages.FirstOrDefault(m => m.Type == Hdf5HeaderMessage.Datatype);
            if (type == null || !type.IsShared) return null;
            Hdf5Cursor c = source.Cursor(type.Data, "a shared datatype message");
            int version = c.Byte();
            int kind = c.Byte();
            if (version == 1) c.Skip(6);
            // Versions 1 and 2 always point to an object header; version 3 does when its type is 2 (committed).
            return version is 1 or 2 || (version == 3 && kind == 2) ? c.Offset() : null;
        }

        private static (Hdf5LayoutClass, bool?) ReadLayout(Hdf5Source source, byte[] data)
        {
            Hdf5Cursor c = source.Cursor(data, "a data layout message");
            int version = c.Byte();
            if (version is 1 or 2)
            {
                c.Byte(); // dimensionality
                var layout = (Hdf5LayoutClass)c.Byte();
                c.Skip(5);
                if (layout == Hdf5LayoutClass.Compact) return (layout, true);
                return (layout, !source.IsUndefined(c.Offset()));
            }
            if (version is not (3 or 4)) throw new Hdf5StructureException($"a data layout message has version {version}, which these readers do not support.");
            var kind = (Hdf5LayoutClass)c.Byte();
            switch (kind)
            {
                case Hdf5LayoutClass.Compact:
                    return (kind, true);
                case Hdf5LayoutClass.Contiguous:
                    return (kind, !source.IsUndefined(c.Offset()));
                case Hdf5LayoutClass.Chunked when version == 3:
                    c.Byte();
                    return (kind, !source.IsUndefined(c.Offset()));
                case Hdf5LayoutClass.Chunked:
                {
                    byte flags = c.Byte();
                    int rank = c.Byte();
                    int dimensionBytes = c.Byte();
                    c.Skip((long)rank * dimensionBytes);
                    int index = c.Byte();
                    switch (index)
                    {
                        case 1:
                            if ((flags & 0x02) != 0) c.Skip(source.LengthSize + 4);
                            break;
                        case 2:
                            break;
                        case 3:
                            c.Skip(1);
                            break;
                        case 4:
                            c.Skip(5);
                            break;
                        case 5:
                            c.Skip(6);
                            break;
                        default:
                            throw new Hdf5StructureException($"a chunked dataset uses chunk index type {index}, which these readers do not support.");
                    }
                    return (kind, !source.IsUndefined(c.Offset()));
                }
                case Hdf5LayoutClass.Virtual:
                    return (kind, null);
                default:
                    throw new Hdf5StructureException($"a data layout message has layout class {(int)kind}, which these readers do not support.");
            }
        }

        private static List<Hdf5Filter> ReadFilters(Hdf5Source source, byte[] data)
        {
            Hdf5Cursor c = source.Cursor(data, "a filter pipeline message");
            int version = c.Byte();
            int count = c.Byte();
            if (version == 1) c.Skip(6);
            else if (version != 2) throw new Hdf5StructureException($"a filter pipeline message has version {version}, which these readers do not support.");
            var filters = new List<Hdf5Filter>(count);
            for (int i = 0; i < count; i++)
            {
                int id = c.UInt16();
                int nameLength = version == 1 || id >= 256 ? c.UInt16() : 0;
                c.UInt16();
                int values = c.UInt16();
                string name = "";
                if (nameLength > 0)
                {
                    name = c.Text(nameLength);
                    // Version 1 pads the name to a multiple of eight bytes.
                    if (version == 1 && nameLength % 8 != 0) c.Skip(8 - nameLength % 8);
                }
                c.Skip(4L * values);
                if (version == 1 && values % 2 != 0) c.Skip(4);
                string known = Hdf5Filter.KnownName(id);
                filters.Add(new Hdf5Filter(id, known == "unregistered" && name.Length > 0 ? name : known));
            }
            return filters;
        }

        /// <summary>The byte order bit of fixed-point, floating-point and bitfield types (bit 0 of the class bits).</summary>
        private static bool IsBigEndian(byte[] data)
        {
            if (data.Length < 2) return false;
            int typeClass = data[0] & 0x0F;
            return typeClass is 0 or 1 or 4 && (data[1] & 0x01) != 0;
        }
    }
}
