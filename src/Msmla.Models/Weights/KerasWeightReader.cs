using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Msmla.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// An open Keras HDF5 weight file, read in two steps: <see cref="ReadLayout"/> lists the layers and the shapes and
    /// types of their weights without reading a value, so that an import can check every shape against the model first;
    /// <see cref="ReadValues"/> then reads one weight. Every path is resolved by <see cref="Hdf5Navigator"/> before PureHDF
    /// sees it (link loops and links to other files are refused), and PureHDF reads through a stack-guarded stream.
    /// </summary>
    internal sealed class KerasWeightReader : IDisposable
    {
        private readonly SafeFileHandle _handle;
        private readonly Hdf5Navigator _navigator;
        private readonly NativeFile _file;

        private KerasWeightReader(string path, SafeFileHandle handle, Hdf5Navigator navigator, NativeFile file)
        {
            FilePath = path;
            _handle = handle;
            _navigator = navigator;
            _file = file;
        }

        /// <summary>The file read.</summary>
        public string FilePath { get; }

        /// <summary>Opens a file.</summary>
        /// <exception cref="WeightFileException">The file is missing, a directory, not HDF5, or truncated.</exception>
        public static KerasWeightReader Open(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (Directory.Exists(path)) throw new WeightFileException(path, "this is a directory, not a Keras weights file.");
            if (!File.Exists(path)) throw new WeightFileException(path, "the Keras weights file does not exist.");
            SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Stream? stream = null;
            try
            {
                Hdf5Navigator navigator;
                try
                {
                    navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: " (Keras never writes them)");
                }
                catch (Hdf5StructureException e) when (e.Message.StartsWith("not an HDF5 file", StringComparison.Ordinal) || e.Message.Contains("empty", StringComparison.Ordinal))
                {
                    throw new WeightFileException(path, "the file is not HDF5 (no HDF5 signature): Keras weights are read from the .h5 file written by model.save_weights.", e);
                }
                catch (Hdf5StructureException e)
                {
                    throw new WeightFileException(path, e.Message, e);
                }
                stream = new Hdf5GuardedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024));
                NativeFile file;
                try
                {
                    file = H5File.Open(stream, leaveOpen: false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    navigator.Dispose();
                    throw new WeightFileException(path, Hdf5Failure.Explain("the HDF5 structure", e), e);
                }
                return new KerasWeightReader(path, handle, navigator, file);
            }
            catch
            {
                stream?.Dispose();
                handle.Dispose();
                throw;
            }
        }

        /// <summary>The layers and the shapes of their weights, in <c>layer_names</c> order, without reading any value.</summary>
        /// <exception cref="WeightFileException">The file is not in Keras' layout, a weight is missing or not floating point, or a link loops.</exception>
        public KerasWeightLayout ReadLayout()
        {
            try
            {
                string root = "/";
                if (!HasStringList(Group("/", "the root group"), "layer_names") && Kind("/model_weights") == Hdf5ObjectKind.Group)
                    root = "/model_weights";
                IH5Group rootGroup = Group(root, "the root group");
                string[] layerNames = ReadStringList(rootGroup, "layer_names")
                    ?? throw new WeightFileException(FilePath, "the HDF5 file has no 'layer_names' attribute: it was not written by Keras' save_weights.");
                string? kerasVersion = ReadScalarString(rootGroup, "keras_version");
                string? backend = ReadScalarString(rootGroup, "backend");
                var layers = new List<KerasLayerEntry>();
                foreach (string layerName in layerNames)
                {
                    string layerPath = Join(root, layerName);
                    if (Kind(layerPath, $"layer '{layerName}'") != Hdf5ObjectKind.Group)
                        throw new WeightFileException(FilePath, $"layer '{layerName}' is listed in layer_names but has no group in the file.");
                    string[] weightNames = ReadStringList(Group(layerPath, $"layer '{layerName}'"), "weight_names") ?? Array.Empty<string>();
                    if (weightNames.Length == 0) continue;
                    var weights = weightNames.Select(w => Entry(layerPath, layerName, w)).ToList();
                    layers.Add(new KerasLayerEntry(layerName, KerasLayerWeights.Classify(weights.Select(w => (w.Role, w.Shape.Count)).ToList()), weights));
                }
                return new KerasWeightLayout(FilePath, kerasVersion, backend, layerNames, layers);
            }
            catch (Exception e) when (e is not WeightFileException and not OutOfMemoryException)
            {
                throw new WeightFileException(FilePath, Hdf5Failure.Explain("the HDF5 file", e), e);
            }
        }

        /// <summary>Reads one weight's values as float32 (the caller has checked its shape).</summary>
        /// <exception cref="WeightFileException">The values cannot be read, lie in other files or were never written.</exception>
        public float[] ReadValues(KerasWeightEntry weight)
        {
            string what = $"weight '{weight.Name}'";
            try
            {
                Hdf5Object target = _navigator.Resolve(weight.DatasetPath)
                    ?? throw new WeightFileException(FilePath, $"{what} is gone from the file.");
                Hdf5DatasetStorage storage = Hdf5Navigator.Storage(target);
                if (storage.ExternalStorage || storage.Layout == Hdf5LayoutClass.Virtual)
                    throw new WeightFileException(FilePath, $"{what} keeps its values in other files, which are not read (Keras never writes such files).");
                if (storage.Allocated == false && weight.ValueCount > 0)
                    throw new WeightFileException(FilePath, $"the values of {what} were never written: the file holds no storage for them.");
                var dataset = (NativeDataset)_file.Get(weight.DatasetPath);
                int size = dataset.Type.Size;
                if (weight.ValueCount > Array.MaxLength / size)
                    throw new WeightFileException(FilePath, $"{what} has shape {weight.ShapeText}, more values than one array can hold.");
                var raw = new byte[weight.ValueCount * size];
                // Raw bytes, swapped here for big-endian files (PureHDF 2.2 does not convert byte order).
                dataset.Read(raw.AsSpan(), null, null, new[] { (ulong)raw.Length });
                if (storage.BigEndian) Swap(raw, size);
                return size == 4
                    ? MemoryMarshal.Cast<byte, float>(raw).ToArray()
                    : MemoryMarshal.Cast<byte, double>(raw).ToArray().Select(v => (float)v).ToArray();
            }
            catch (Hdf5StructureException e)
            {
                throw new WeightFileException(FilePath, $"{what}: {e.Message}", e);
            }
            catch (Exception e) when (e is not WeightFileException and not OutOfMemoryException)
            {
                throw new WeightFileException(FilePath, Hdf5Failure.Explain(what, e), e);
            }
        }

        public void Dispose()
        {
            _file.Dispose();
            _navigator.Dispose();
            _handle.Dispose();
        }

        private KerasWeightEntry Entry(string layerPath, string layerName, string weightName)
        {
            string path = Join(layerPath, weightName);
            if (Kind(path, $"weight '{weightName}' of layer '{layerName}'") != Hdf5ObjectKind.Dataset)
                throw new WeightFileException(FilePath, $"layer '{layerName}' names weight '{weightName}' but the dataset is missing.");
            var dataset = (IH5Dataset)_file.Get(path);
            if (dataset.Type.Class != H5DataTypeClass.FloatingPoint)
                throw new WeightFileException(FilePath, $"weight '{weightName}' of layer '{layerName}' is of HDF5 type {dataset.Type.Class}, not floating point.");
            if (dataset.Type.Size is not (4 or 8))
                throw new WeightFileException(FilePath, $"weight '{weightName}' of layer '{layerName}' is a {dataset.Type.Size * 8}-bit float; only 32- and 64-bit are read.");
            long[] shape = dataset.Space.Dimensions.Select(d => d > long.MaxValue ? long.MaxValue : (long)d).ToArray();
            string role = weightName.Split('/')[^1];
            int colon = role.LastIndexOf(':');
            if (colon > 0) role = role[..colon];
            return new KerasWeightEntry(weightName, role, shape, path);
        }

        /// <summary>What the object at a path is, or null when there is none; link loops and external links are refused.</summary>
        private Hdf5ObjectKind? Kind(string path, string? what = null)
        {
            try
            {
                return _navigator.Resolve(path) is Hdf5Object found ? Hdf5Navigator.KindOf(found) : null;
            }
            catch (Hdf5StructureException e)
            {
                throw new WeightFileException(FilePath, $"{what ?? $"'{path}'"}: {e.Message}", e);
            }
        }

        private IH5Group Group(string path, string what) =>
            Kind(path, what) == Hdf5ObjectKind.Group
                ? (path == "/" ? _file : (IH5Group)_file.Get(path))
                : throw new WeightFileException(FilePath, $"{what} is not a group.");

        private static string Join(string group, string name) => group == "/" ? "/" + name : group + "/" + name;

        private static void Swap(byte[] raw, int size)
        {
            if (size == 4)
            {
                Span<uint> values = MemoryMarshal.Cast<byte, uint>(raw.AsSpan());
                BinaryPrimitives.ReverseEndianness(values, values);
            }
            else
            {
                Span<ulong> values = MemoryMarshal.Cast<byte, ulong>(raw.AsSpan());
                BinaryPrimitives.ReverseEndianness(values, values);
            }
        }

        private static bool HasStringList(IH5Group group, string name) =>
            group.AttributeExists(name) || group.AttributeExists(name + "0");

        /// <summary>
        /// Reads a list-of-strings attribute, joining Keras' chunks (<c>name0</c>, <c>name1</c>, ...) used when the
        /// list is too long for one HDF5 attribute. An empty non-string array (as h5py stores []) is an empty list.
        /// </summary>
        private string[]? ReadStringList(IH5Group group, string name)
        {
            if (group.AttributeExists(name)) return ReadStrings(group.Attribute(name));
            if (!group.AttributeExists(name + "0")) return null;
            var all = new List<string>();
            for (int chunk = 0; group.AttributeExists(name + chunk); chunk++)
                all.AddRange(ReadStrings(group.Attribute(name + chunk)));
            return all.ToArray();
        }

        private string[] ReadStrings(IH5Attribute attribute)
        {
            ulong count = attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b);
            if (count == 0) return Array.Empty<string>();
            if (!IsText(attribute))
                throw new WeightFileException(FilePath, $"attribute '{attribute.Name}' is of HDF5 type {attribute.Type.Class}, not a list of names: the file is not in Keras' weight layout.");
            if (attribute.Space.Dimensions.Length == 0) return new[] { attribute.Read<string>() };
            return attribute.Read<string[]>();
        }

        private static string? ReadScalarString(IH5Group group, string name)
        {
            if (!group.AttributeExists(name)) return null;
            IH5Attribute attribute = group.Attribute(name);
            if (!IsText(attribute)) return null;
            return attribute.Space.Dimensions.Length == 0 ? attribute.Read<string>() : attribute.Read<string[]>().FirstOrDefault();
        }

        /// <summary>Fixed-length strings (class String) or variable-length ones (as h5py writes Python str).</summary>
        private static bool IsText(IH5Attribute attribute) =>
            attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength;
    }
}
