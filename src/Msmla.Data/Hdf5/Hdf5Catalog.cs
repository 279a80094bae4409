using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Hdf5;
using PureHDF;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// Lists what an HDF5 file holds: its groups, datasets (shape and type) and attributes (with values). Every group is
    /// expanded once, where a hard link first reaches it (a group reached again, through a hard-link cycle or a soft
    /// link, is listed without children); soft links are listed as what they point to; links that lead nowhere (dangling,
    /// loops, other files) are listed as <see cref="Hdf5NodeKind.Other"/>. External links are not followed.
    /// </summary>
    internal static class Hdf5Catalog
    {
        /// <summary>Reads the whole tree of a file.</summary>
        /// <exception cref="PatchDataException">
        /// The file is not HDF5, is truncated, its structure is damaged, or it holds more than 65,536 objects.
        /// </exception>
        public static Hdf5Node Read(string path)
        {
            using Hdf5Container container = Hdf5Container.Open(path);
            lock (container.Sync)
            {
                try
                {
                    var walk = new Walk(container);
                    return walk.Describe(container.Navigator.Root, "/", expand: true, depth: 0);
                }
                catch (Hdf5StructureException e)
                {
                    throw new PatchDataException(path, null, e.Message, e);
                }
                catch (Exception e) when (e is not PatchDataException and not OutOfMemoryException)
                {
                    throw new PatchDataException(path, null, Hdf5Failure.Explain("the HDF5 structure", e), e);
                }
            }
        }

        /// <summary>One traversal: the groups already expanded and the number of objects listed.</summary>
        private sealed class Walk
        {
            private readonly Hdf5Container _container;
            private readonly HashSet<Hdf5Object> _expanded = new();
            private int _listed;

            public Walk(Hdf5Container container)
            {
                _container = container;
            }

            public Hdf5Node Describe(Hdf5Object item, string path, bool expand, int depth)
            {
                if (++_listed > Hdf5Limits.TraversedObjects)
                    throw new PatchDataException(_container.Path, null, $"the file holds more than {Hdf5Limits.TraversedObjects:N0} objects; the catalog lists at most that many.");
                IH5Object pure = path == "/" ? _container.File : _container.File.Get(path, _container.LinkAccess);
                IReadOnlyList<Hdf5Attribute> attributes = pure.Attributes().Select(Attribute).ToArray();
                switch (Hdf5Navigator.KindOf(item))
                {
                    case Hdf5ObjectKind.Group:
                        IReadOnlyList<Hdf5Node> children = expand && depth < Hdf5Limits.Depth && _expanded.Add(item)
                            ? Hdf5Navigator.Children(item).Select(child => Child(child, path == "/" ? "/" + child.Name : path + "/" + child.Name, depth)).ToArray()
                            : Array.Empty<Hdf5Node>();
                        return new Hdf5Node(path, Hdf5NodeKind.Group, null, null, attributes, children);
                    case Hdf5ObjectKind.Dataset:
                        var dataset = (IH5Dataset)pure;
                        return new Hdf5Node(path, Hdf5NodeKind.Dataset, dataset.Space.Dimensions, TypeName(dataset.Type), attributes, Array.Empty<Hdf5Node>());
                    default:
                        return new Hdf5Node(path, Hdf5NodeKind.Other, null, null, attributes, Array.Empty<Hdf5Node>());
                }
            }

            private Hdf5Node Child(Hdf5Child child, string path, int depth) =>
                child.Target is Hdf5Object target
                    ? Describe(target, path, child.Link.Kind == Hdf5LinkKind.Hard, depth + 1)
                    : new Hdf5Node(path, Hdf5NodeKind.Other, null, null, Array.Empty<Hdf5Attribute>(), Array.Empty<Hdf5Node>());
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
