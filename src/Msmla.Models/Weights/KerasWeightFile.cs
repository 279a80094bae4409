using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PureHDF;
using PureHDF.VOL.Native;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// The weights of a Keras model as written by <c>model.save_weights("x.h5")</c> (or inside a whole-model
    /// <c>model.save</c> file, under <c>model_weights</c>), read with PureHDF: the root attribute <c>layer_names</c>
    /// lists the layers in the model's order; each layer's group has a <c>weight_names</c> attribute naming datasets
    /// such as <c>conv2d_1/kernel:0</c> inside the group.
    /// </summary>
    public sealed class KerasWeightFile
    {
        private KerasWeightFile(string path, string? kerasVersion, string? backend, IReadOnlyList<string> layerNames, IReadOnlyList<KerasLayerWeights> layers)
        {
            FilePath = path;
            KerasVersion = kerasVersion;
            Backend = backend;
            LayerNames = layerNames;
            Layers = layers;
        }

        /// <summary>The file read.</summary>
        public string FilePath { get; }

        /// <summary>The <c>keras_version</c> attribute (for example 2.1.5), or null when absent.</summary>
        public string? KerasVersion { get; }

        /// <summary>The <c>backend</c> attribute (for example tensorflow), or null when absent.</summary>
        public string? Backend { get; }

        /// <summary>Every layer name in <c>layer_names</c> order, including layers without weights.</summary>
        public IReadOnlyList<string> LayerNames { get; }

        /// <summary>The layers that hold weights, in <c>layer_names</c> order.</summary>
        public IReadOnlyList<KerasLayerWeights> Layers { get; }

        /// <summary>The number of stored values over all layers.</summary>
        public long ValueCount => Layers.Sum(l => l.Weights.Sum(w => (long)w.Values.Length));

        /// <summary>Reads a Keras HDF5 weight file.</summary>
        /// <exception cref="WeightFileException">The file is missing, not HDF5, not in Keras' layout, or holds non-float data.</exception>
        public static KerasWeightFile Read(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (!File.Exists(path)) throw new WeightFileException(path, "the Keras weights file does not exist.");
            if (!HasHdf5Signature(path))
                throw new WeightFileException(path, "the file is not HDF5 (no HDF5 signature): Keras weights are read from the .h5 file written by model.save_weights.");

            NativeFile file;
            try
            {
                file = H5File.OpenRead(path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new WeightFileException(path, $"the HDF5 file cannot be opened (truncated or damaged?): {e.Message}", e);
            }
            using (file)
            {
                try
                {
                    return ReadLayout(path, file);
                }
                catch (WeightFileException)
                {
                    throw;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new WeightFileException(path, $"the HDF5 file cannot be read (truncated or damaged?): {e.Message}", e);
                }
            }
        }

        private static KerasWeightFile ReadLayout(string path, NativeFile file)
        {
            IH5Group root = file;
            if (!HasStringList(root, "layer_names") && root.LinkExists("model_weights"))
                root = file.Group("model_weights");
            string[]? layerNames = ReadStringList(path, root, "layer_names");
            if (layerNames == null)
                throw new WeightFileException(path, "the HDF5 file has no 'layer_names' attribute: it was not written by Keras' save_weights.");

            string? kerasVersion = ReadScalarString(root, "keras_version");
            string? backend = ReadScalarString(root, "backend");
            var layers = new List<KerasLayerWeights>();
            foreach (string layerName in layerNames)
            {
                if (!root.LinkExists(layerName))
                    throw new WeightFileException(path, $"layer '{layerName}' is listed in layer_names but has no group in the file.");
                IH5Group group = root.Group(layerName);
                string[] weightNames = ReadStringList(path, group, "weight_names") ?? Array.Empty<string>();
                if (weightNames.Length == 0) continue;
                var weights = new List<KerasWeight>(weightNames.Length);
                foreach (string weightName in weightNames)
                    weights.Add(ReadWeight(path, group, layerName, weightName));
                layers.Add(new KerasLayerWeights(layerName, KerasLayerWeights.Classify(weights), weights));
            }
            return new KerasWeightFile(path, kerasVersion, backend, layerNames, layers);
        }

        private static KerasWeight ReadWeight(string path, IH5Group group, string layerName, string weightName)
        {
            if (!group.LinkExists(weightName))
                throw new WeightFileException(path, $"layer '{layerName}' names weight '{weightName}' but the dataset is missing.");
            IH5Dataset dataset = group.Dataset(weightName);
            long[] shape = dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
            float[] values;
            if (dataset.Type.Class != H5DataTypeClass.FloatingPoint)
                throw new WeightFileException(path, $"weight '{weightName}' of layer '{layerName}' is of HDF5 type {dataset.Type.Class}, not floating point.");
            if (dataset.Type.Size == 4)
            {
                values = dataset.Read<float[]>();
            }
            else if (dataset.Type.Size == 8)
            {
                values = dataset.Read<double[]>().Select(v => (float)v).ToArray();
            }
            else
            {
                throw new WeightFileException(path, $"weight '{weightName}' of layer '{layerName}' is a {dataset.Type.Size * 8}-bit float; only 32- and 64-bit are read.");
            }
            long expected = shape.Aggregate(1L, (a, b) => a * b);
            if (values.Length != expected)
                throw new WeightFileException(path, $"weight '{weightName}' of layer '{layerName}' holds {values.Length} values for shape ({string.Join(", ", shape)}).");
            string role = weightName.Split('/')[^1];
            int colon = role.LastIndexOf(':');
            if (colon > 0) role = role[..colon];
            return new KerasWeight(weightName, role, shape, values);
        }

        private static bool HasStringList(IH5Group group, string name) =>
            group.AttributeExists(name) || group.AttributeExists(name + "0");

        /// <summary>
        /// Reads a list-of-strings attribute, joining Keras' chunks (<c>name0</c>, <c>name1</c>, ...) used when the
        /// list is too long for one HDF5 attribute. An empty non-string array (as h5py stores []) is an empty list.
        /// </summary>
        private static string[]? ReadStringList(string path, IH5Group group, string name)
        {
            if (group.AttributeExists(name)) return ReadStrings(path, group.Attribute(name));
            if (!group.AttributeExists(name + "0")) return null;
            var all = new List<string>();
            for (int chunk = 0; group.AttributeExists(name + chunk); chunk++)
                all.AddRange(ReadStrings(path, group.Attribute(name + chunk)));
            return all.ToArray();
        }

        private static string[] ReadStrings(string path, IH5Attribute attribute)
        {
            ulong count = attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b);
            if (count == 0) return Array.Empty<string>();
            if (!IsText(attribute))
                throw new WeightFileException(path, $"attribute '{attribute.Name}' is of HDF5 type {attribute.Type.Class}, not a list of names: the file is not in Keras' weight layout.");
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

        /// <summary>The HDF5 signature sits at offset 0, 512, 1024, 2048, ... (a user block may precede it).</summary>
        private static bool HasHdf5Signature(string path)
        {
            ReadOnlySpan<byte> signature = stackalloc byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n' };
            using FileStream stream = File.OpenRead(path);
            Span<byte> buffer = stackalloc byte[8];
            for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
            {
                stream.Position = offset;
                if (stream.ReadAtLeast(buffer, 8, throwOnEndOfStream: false) == 8 && buffer.SequenceEqual(signature)) return true;
            }
            return false;
        }
    }
}
