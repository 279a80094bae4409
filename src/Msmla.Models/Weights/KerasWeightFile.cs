using System;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// The weights of a Keras model as written by <c>model.save_weights("x.h5")</c> (or inside a whole-model
    /// <c>model.save</c> file, under <c>model_weights</c>), read with PureHDF: the root attribute <c>layer_names</c>
    /// lists the layers in the model's order; each layer's group has a <c>weight_names</c> attribute naming datasets
    /// such as <c>conv2d_1/kernel:0</c> inside the group.
    /// </summary>
    internal sealed class KerasWeightFile
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

        /// <summary>The most values <see cref="Read"/> accepts in one file (32 million; the supported architectures hold under 3 million).</summary>
        public const long MaxValues = 32L << 20;

        /// <summary>Reads a Keras HDF5 weight file: every layer's weights, checked for type and size before any value is read.</summary>
        /// <exception cref="WeightFileException">
        /// The file is missing, not HDF5, not in Keras' layout, holds non-float data, links in a loop or to other files,
        /// or holds more than <see cref="MaxValues"/> values.
        /// </exception>
        public static KerasWeightFile Read(string path)
        {
            using KerasWeightReader reader = KerasWeightReader.Open(path);
            KerasWeightLayout layout = reader.ReadLayout();
            long total = 0;
            foreach (KerasWeightEntry weight in layout.Layers.SelectMany(l => l.Weights))
            {
                total = weight.ValueCount > MaxValues ? long.MaxValue : total + weight.ValueCount;
                if (total > MaxValues)
                    throw new WeightFileException(path,
                        $"its weights hold more than {MaxValues:N0} values (weight '{weight.Name}' has shape {weight.ShapeText}); Keras files of the supported models hold under 3 million.");
            }
            var layers = layout.Layers
                .Select(l => new KerasLayerWeights(l.Name, l.Kind, l.Weights.Select(w => new KerasWeight(w.Name, w.Role, w.Shape, reader.ReadValues(w))).ToList()))
                .ToList();
            return new KerasWeightFile(path, layout.KerasVersion, layout.Backend, layout.LayerNames, layers);
        }
    }
}
