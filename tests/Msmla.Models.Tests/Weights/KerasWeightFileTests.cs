using System.IO;
using System.Linq;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Weights;

public sealed class KerasWeightFileTests
{
    /// <summary>Writes a small Keras-layout file with h5py; every value is 0.5 * flat index + layer number.</summary>
    private const string WriteSmallFile = """
import numpy as np, keras_layout
path, root_group, chunk = sys.argv[1], (sys.argv[2] or None), sys.argv[3] == '1'
def arr(shape, layer, dtype=np.float32):
    return (np.arange(int(np.prod(shape))).reshape(shape) * 0.5 + layer).astype(dtype)
layers = [
    ('input_1', []),
    ('conv2d_1', [('kernel', arr((3, 3, 2, 4), 1)), ('bias', arr((4,), 1))]),
    ('batch_normalization_1', [('gamma', arr((4,), 2)), ('beta', arr((4,), 3)), ('moving_mean', arr((4,), 4)), ('moving_variance', arr((4,), 5, np.float64))]),
    ('activation_1', []),
    ('conv2d_2', [('kernel', arr((7, 7, 2, 1), 6))]),
    ('dense_1', [('kernel', arr((4, 3), 7)), ('bias', arr((3,), 8))]),
]
keras_layout.write(path, layers, root_group=root_group, chunk_names=chunk)
""";

    [SkippableTheory]
    [InlineData("", false)]
    [InlineData("model_weights", false)]
    [InlineData("", true)]
    public void Reads_the_layout_Keras_save_weights_writes(string rootGroup, bool chunkedNames)
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        string path = dir.File("weights.h5");
        WeightsPeer.Run(python, WriteSmallFile, path, rootGroup, chunkedNames ? "1" : "0");

        KerasWeightFile file = KerasWeightFile.Read(path);
        Assert.Equal("2.1.5", file.KerasVersion);
        Assert.Equal("tensorflow", file.Backend);
        Assert.Equal(new[] { "input_1", "conv2d_1", "batch_normalization_1", "activation_1", "conv2d_2", "dense_1" }, file.LayerNames);
        Assert.Equal(new[] { "conv2d_1", "batch_normalization_1", "conv2d_2", "dense_1" }, file.Layers.Select(l => l.Name));
        Assert.Equal(new[] { KerasLayerKind.Conv2D, KerasLayerKind.BatchNormalization, KerasLayerKind.Conv2D, KerasLayerKind.Dense }, file.Layers.Select(l => l.Kind));

        KerasWeight kernel = file.Layers[0].Find("kernel")!;
        Assert.Equal("conv2d_1/kernel:0", kernel.Name);
        Assert.Equal(new long[] { 3, 3, 2, 4 }, kernel.Shape);
        Assert.Equal("(3, 3, 2, 4)", kernel.ShapeText);
        Assert.Equal(72, kernel.Values.Length);
        Assert.Equal(1f, kernel.Values[0]);
        Assert.Equal(71 * 0.5f + 1, kernel.Values[71]);
        Assert.Equal(new[] { "gamma", "beta", "moving_mean", "moving_variance" }, file.Layers[1].Weights.Select(w => w.Role));
        // Stored as float64 by the writer: read and converted.
        Assert.Equal(new[] { 5f, 5.5f, 6f, 6.5f }, file.Layers[1].Find("moving_variance")!.Values);
        Assert.Null(file.Layers[2].Find("bias"));
        Assert.Equal(new long[] { 4, 3 }, file.Layers[3].Find("kernel")!.Shape);
        Assert.Equal(72 + 4 + 16 + 98 + 12 + 3, file.ValueCount);
    }

    [SkippableFact]
    public void Reads_the_released_Sen2LCZ_Net_MF_weights()
    {
        string path = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");
        KerasWeightFile file = KerasWeightFile.Read(path);
        Assert.Equal("2.1.5", file.KerasVersion);
        Assert.Equal(69, file.LayerNames.Count);
        Assert.Equal(16, file.Layers.Count(l => l.Kind == KerasLayerKind.Conv2D));
        Assert.Equal(16, file.Layers.Count(l => l.Kind == KerasLayerKind.BatchNormalization));
        Assert.Equal(new[] { "dense_4", "dense_1", "dense_2", "dense_5" }, file.Layers.Where(l => l.Kind == KerasLayerKind.Dense).Select(l => l.Name));
        // assets/README.md: 793,348 values (791,428 trainable + 1,920 BatchNorm running statistics).
        Assert.Equal(793_348, file.ValueCount);
        Assert.Equal(1_920, file.Layers.Where(l => l.Kind == KerasLayerKind.BatchNormalization)
            .SelectMany(l => l.Weights).Where(w => w.Role.StartsWith("moving_")).Sum(w => w.Values.Length));
    }

    [SkippableFact]
    public void Refuses_missing_foreign_truncated_and_non_Keras_files()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();

        string missing = dir.File("missing.h5");
        Assert.Contains("does not exist", Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(missing)).Message);

        string text = dir.File("text.h5");
        File.WriteAllText(text, "definitely not HDF5");
        var e = Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(text));
        Assert.Equal(text, e.FilePath);
        Assert.Contains("not HDF5", e.Message);

        string full = dir.File("full.h5");
        WeightsPeer.Run(python, WriteSmallFile, full, "", "0");
        byte[] bytes = File.ReadAllBytes(full);
        string cut = dir.File("cut.h5");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(cut)).Message);

        string plain = dir.File("plain.h5");
        WeightsPeer.Run(python, """
import h5py, numpy as np
with h5py.File(sys.argv[1], 'w') as f:
    f.create_dataset('x', data=np.zeros(3))
""", plain);
        Assert.Contains("no 'layer_names' attribute", Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(plain)).Message);

        string numbers = dir.File("numbers.h5");
        WeightsPeer.Run(python, """
import h5py, numpy as np
with h5py.File(sys.argv[1], 'w') as f:
    f.attrs['layer_names'] = np.arange(3)
""", numbers);
        Assert.Contains("not in Keras' weight layout", Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(numbers)).Message);
    }
}
