using System;
using System.Collections.Generic;
using System.Linq;
using PureHDF;

namespace Msmla.Data.Hdf5
{
    /// <summary>Lists what an HDF5 file holds: its groups, datasets (shape and type) and attributes (with values).</summary>
    public static class Hdf5Catalog
    {
        /// <summary>Reads the whole tree of a file.</summary>
        /// <exception cref="PatchDataException">The file is not HDF5, is truncated or its structure is damaged.</exception>
        public static Hdf5Node Read(string path)
        {
            using Hdf5Container container = Hdf5Container.Open(path);
            lock (container.Sync)
            {
                try
                {
                    return Describe(container.File, "/");
                }
                catch (Exception e) when (e is not PatchDataException and not OutOfMemoryException)
                {
                    throw new PatchDataException(path, null, $"the HDF5 structure cannot be listed ({e.Message}); the file is damaged.", e);
                }
            }
        }

        private static Hdf5Node Describe(IH5Object item, string path)
        {
            IReadOnlyList<Hdf5Attribute> attributes = item.Attributes().Select(Attribute).ToArray();
            switch (item)
            {
                case IH5Group group:
                    var children = group.Children()
                        .Select(child => Describe(child, path == "/" ? "/" + child.Name : path + "/" + child.Name))
                        .ToArray();
                    return new Hdf5Node(path, Hdf5NodeKind.Group, null, null, attributes, children);
                case IH5Dataset dataset:
                    return new Hdf5Node(path, Hdf5NodeKind.Dataset, dataset.Space.Dimensions, TypeName(dataset.Type), attributes, Array.Empty<Hdf5Node>());
                default:
                    return new Hdf5Node(path, Hdf5NodeKind.Other, null, null, attributes, Array.Empty<Hdf5Node>());
            }
        }

        private static Hdf5Attribute Attribute(IH5Attribute attribute)
        {
            ulong[] shape = attribute.Space.Type == H5DataspaceType.Scalar ? Array.Empty<ulong>() : attribute.Space.Dimensions;
            string type = TypeName(attribute.Type);
            IReadOnlyList<string>? text = null;
            IReadOnlyList<double>? numbers = null;
            if (type == "string")
            {
                text = ReadText(attribute);
            }
            else if (attribute.Type.Class == H5DataTypeClass.VariableLength)
            {
                // Variable-length strings and sequences share a class; PureHDF reads the former as text.
                try
                {
                    text = ReadText(attribute);
                    type = "string";
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    type = "variable-length";
                }
            }
            else if (StorageTypes.From(attribute.Type) is StorageType storage)
            {
                numbers = storage switch
                {
                    StorageType.Float64 => attribute.Read<double[]>(),
                    StorageType.Float32 => Widen(attribute.Read<float[]>()),
                    StorageType.Int8 => Widen(attribute.Read<sbyte[]>()),
                    StorageType.UInt8 => Widen(attribute.Read<byte[]>()),
                    StorageType.Int16 => Widen(attribute.Read<short[]>()),
                    StorageType.UInt16 => Widen(attribute.Read<ushort[]>()),
                    StorageType.Int32 => Widen(attribute.Read<int[]>()),
                    StorageType.UInt32 => Widen(attribute.Read<uint[]>()),
                    StorageType.Int64 => Widen(attribute.Read<long[]>()),
                    _ => Widen(attribute.Read<ulong[]>()),
                };
            }
            return new Hdf5Attribute(attribute.Name, shape, type, text, numbers);
        }

        private static string[] ReadText(IH5Attribute attribute) =>
            attribute.Read<string[]>().Select(s => (s ?? string.Empty).TrimEnd('\0')).ToArray();

        private static double[] Widen<T>(T[] values) where T : struct, System.Numerics.INumberBase<T> =>
            values.Select(v => double.CreateTruncating(v)).ToArray();

        private static string TypeName(IH5DataType type)
        {
            if (type.Class == H5DataTypeClass.String) return "string";
            if (type.Class == H5DataTypeClass.VariableLength) return "variable-length";
            return StorageTypes.Describe(type);
        }
    }
}
