using System;
using System.IO;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

/// <summary>Keras files that do not fit are refused with a message naming the layer, the target and the shapes, and leave the model unchanged.</summary>
public sealed class KerasWeightsRefusalTests
{
    public KerasWeightsRefusalTests() => TorchRuntime.EnsureLoaded();

    private static string KerasRun => File.ReadAllText(Path.Combine(WeightsPeer.ScriptDirectory, "keras_run.py"));

    /// <summary>Writes a random Keras-layout file for a model with the given bands and classes.</summary>
    private static string Write(string python, TemporaryDirectory dir, string kerasModel, int bands = 10, int classes = 17, int size = 32, bool tfKeras = false)
    {
        float[] input = WeightsTestData.Patches(1, bands, size, seed: 3, out long[] shape);
        string x = dir.File($"x-{kerasModel}-{bands}-{classes}-{size}.npy");
        NpyFile.Write(x, input, shape);
        string h5 = dir.File($"{kerasModel}-{bands}-{classes}-{size}.h5");
        WeightsPeer.Run(python, KerasRun, "random", kerasModel, h5, x, dir.File("unused.npy"), "5", tfKeras ? "1" : "0", classes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return h5;
    }

    /// <summary>Edits a Keras file with h5py: the script sees the open file as f and a helper rename_list(names).</summary>
    private static void Edit(string python, string h5, string edit) => WeightsPeer.Run(python, """
import h5py, numpy as np
with h5py.File(sys.argv[1], 'r+') as f:
    names = [n.decode() for n in f.attrs['layer_names']]
    def set_names(new):
        f.attrs['layer_names'] = np.array([n.encode() for n in new])

""" + string.Join("\n", edit.Split('\n').Select(l => "    " + l)) + "\n", h5);

    private static WeightFileException Refused(LczModel model, string h5)
    {
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var e = Assert.Throws<WeightFileException>(() => KerasWeights.Import(model, h5));
        Assert.Equal(h5, e.FilePath);
        Assert.All(model.state_dict(), kv => Assert.True(kv.Value.equal(before[kv.Key]).all().item<bool>(), kv.Key));
        return e;
    }

    [SkippableFact]
    public void Refuses_a_file_for_another_band_count_class_count_or_patch_size()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf();

        var e = Refused(mf, Write(python, dir, "sen2lcz_mf", bands: 13));
        Assert.Contains("Keras layer 'conv2d_1' (Conv2D) does not fit 'block1.conv1' of Sen2LCZ-Net-MF: its kernel is (3, 3, 13, 16) but the model needs (3, 3, 10, 16)", e.Message);
        Assert.Contains("other bands (10 here)", e.Message);

        e = Refused(mf, Write(python, dir, "sen2lcz_mf", classes: 10));
        Assert.Contains("its kernel is (32, 10) but the model needs (32, 17)", e.Message);

        using LczModel cnn = LczModels.CreateRosentreterCnn(new LczModelOptions { PatchSize = 64 });
        e = Refused(cnn, Write(python, dir, "cnn"));
        Assert.Contains("does not fit 'fc1'", e.Message);
        Assert.Contains("its kernel is (512, 256) but the model needs (2048, 256)", e.Message);
    }

    [SkippableFact]
    public void Refuses_a_file_of_another_architecture()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf();
        var e = Refused(mf, Write(python, dir, "cnn"));
        Assert.Contains("Sen2LCZ-Net-MF has 16 Conv2D layer(s) to fill but the file has 4: conv2d_1, conv2d_2, conv2d_3, conv2d_4", e.Message);

        using LczModel msmla50 = LczModels.CreateMsmla50();
        e = Refused(msmla50, Write(python, dir, "msmla18", tfKeras: true));
        Assert.Contains("layer(s) that the released MSMLA-50 code names are not in the file", e.Message);
        Assert.Contains("res2a_branch2c", e.Message);

        using LczModel plain = LczModels.CreateSen2LczNet();
        e = Refused(plain, Write(python, dir, "sen2lcz_mf"));
        Assert.Contains("Sen2LCZ-Net has 1 Dense layer(s) to fill but the file has 4", e.Message);
    }

    [SkippableFact]
    public void Refuses_missing_extra_and_unknown_layers()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf();

        string missing = Write(python, dir, "sen2lcz_mf");
        Edit(python, missing, "del f['batch_normalization_16']\nset_names([n for n in names if n != 'batch_normalization_16'])");
        Assert.Contains("has 16 BatchNormalization layer(s) to fill but the file has 15", Refused(mf, missing).Message);

        string extra = Write(python, dir, "sen2lcz_mf", classes: 17, size: 16);
        Edit(python, extra, """
g = f.create_group('dense_9')
g.attrs['weight_names'] = np.array([b'dense_9/kernel:0', b'dense_9/bias:0'])
g.create_dataset('dense_9/kernel:0', data=np.zeros((128, 17), np.float32))
g.create_dataset('dense_9/bias:0', data=np.zeros(17, np.float32))
set_names(names + ['dense_9'])
""");
        Assert.Contains("has 4 Dense layer(s) to fill but the file has 5", Refused(mf, extra).Message);

        string unknown = Write(python, dir, "sen2lcz_mf", bands: 10, classes: 17, size: 8);
        Edit(python, unknown, """
g = f.create_group('depthwise_conv2d_1')
g.attrs['weight_names'] = np.array([b'depthwise_conv2d_1/depthwise_kernel:0'])
g.create_dataset('depthwise_conv2d_1/depthwise_kernel:0', data=np.zeros((3, 3, 16, 1), np.float32))
set_names(names + ['depthwise_conv2d_1'])
""");
        Assert.Contains("'depthwise_conv2d_1' [depthwise_kernel (3, 3, 16, 1)]", Refused(mf, unknown).Message);
    }

    [SkippableFact]
    public void Refuses_a_soft_link_loop_or_an_external_link_inside_a_layer_group()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf();
        string loop = Write(python, dir, "sen2lcz_mf");
        Edit(python, loop, "g = f['conv2d_1']\ndel g['conv2d_1']\ng['conv2d_1'] = h5py.SoftLink('/conv2d_1/y')\ng['y'] = h5py.SoftLink('/conv2d_1/conv2d_1')");
        var e = Refused(mf, loop);
        Assert.Contains("weight 'conv2d_1/kernel:0' of layer 'conv2d_1'", e.Message);
        Assert.Contains("they form a loop", e.Message);
        Assert.Contains("they form a loop", Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(loop)).Message);

        string external = Write(python, dir, "sen2lcz_mf", size: 16);
        Edit(python, external, "g = f['conv2d_2']\ndel g['conv2d_2']\ng['conv2d_2'] = h5py.ExternalLink('elsewhere.h5', '/conv2d_2')");
        Assert.Contains("links to other files are not followed (Keras never writes them)", Refused(mf, external).Message);
    }

    [SkippableFact]
    public void Refuses_a_huge_never_written_kernel_from_its_shape_before_reading_a_value()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf();

        // A file of a few MB whose kernel claims 20000 x 20000 float64 (3.2 GB) in chunks never written.
        string square = Write(python, dir, "sen2lcz_mf");
        Edit(python, square, "g = f['conv2d_1/conv2d_1']\ndel g['kernel:0']\ng.create_dataset('kernel:0', shape=(20000, 20000), chunks=(1000, 1000), dtype='f8')");
        Assert.True(new FileInfo(square).Length < 10_000_000);
        Assert.Contains("Sen2LCZ-Net-MF has 16 Conv2D layer(s) to fill but the file has 15", Refused(mf, square).Message);

        string wide = Write(python, dir, "sen2lcz_mf", size: 16);
        Edit(python, wide, "g = f['conv2d_1/conv2d_1']\ndel g['kernel:0']\ng.create_dataset('kernel:0', shape=(3, 3, 10, 50000000), chunks=(3, 3, 10, 1000), dtype='f4')");
        Assert.Contains("its kernel is (3, 3, 10, 50000000) but the model needs (3, 3, 10, 16)", Refused(mf, wide).Message);
        Assert.Contains("more than 33,554,432 values (weight 'conv2d_1/kernel:0' has shape (3, 3, 10, 50000000))",
            Assert.Throws<WeightFileException>(() => KerasWeightFile.Read(wide)).Message);

        string unwritten = Write(python, dir, "sen2lcz_mf", size: 8);
        Edit(python, unwritten, "g = f['conv2d_1/conv2d_1']\ndel g['kernel:0']\ng.create_dataset('kernel:0', shape=(3, 3, 10, 16), dtype='f4')");
        Assert.Contains("the values of weight 'conv2d_1/kernel:0' were never written", Refused(mf, unwritten).Message);
    }

    [SkippableFact]
    public void Imports_a_big_endian_file_as_its_little_endian_twin()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        string little = Write(python, dir, "sen2lcz_mf");
        string big = dir.File("big-endian.h5");
        File.Copy(little, big);
        Edit(python, big, """
def swap(name, d):
    if isinstance(d, h5py.Dataset):
        v = d[...]
        parent = f[name.rsplit('/', 1)[0]]
        del parent[name.rsplit('/', 1)[1]]
        parent.create_dataset(name.rsplit('/', 1)[1], data=v, dtype=v.dtype.newbyteorder('>'))
todo = []
f.visititems(lambda n, o: todo.append(n) if isinstance(o, h5py.Dataset) else None)
for n in todo:
    swap(n, f[n])
assert all(f[n].dtype.byteorder == '>' for n in todo)
""");
        using LczModel fromLittle = LczModels.CreateSen2LczNetMf();
        using LczModel fromBig = LczModels.CreateSen2LczNetMf();
        KerasWeights.Import(fromLittle, little);
        KerasWeights.Import(fromBig, big);
        var expected = fromLittle.state_dict();
        Assert.All(fromBig.state_dict(), kv => Assert.True(kv.Value.equal(expected[kv.Key]).all().item<bool>(), kv.Key));
    }

    [SkippableFact]
    public void Refuses_NaN_weights_unless_allowed()
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        string h5 = Write(python, dir, "sen2lcz_mf");
        Edit(python, h5, "d = f['conv2d_3/conv2d_3/kernel:0']\nv = d[...]\nv[0, 0, 0, 0] = np.nan\nv[1, 1, 1, 1] = np.nan\nd[...] = v");
        using LczModel mf = LczModels.CreateSen2LczNetMf();
        var e = Refused(mf, h5);
        Assert.Contains("'block1.conv3.weight' (2 of 2304 values)", e.Message);

        KerasImportReport report = KerasWeights.Import(mf, h5, allowNonFinite: true);
        Assert.Equal(new[] { "block1.conv3.weight" }, report.Load.NonFiniteKeys);
    }

    [Fact]
    public void Refuses_missing_and_non_HDF5_files_and_models_without_a_Keras_original()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf();
        Assert.Contains("does not exist", Refused(mf, dir.File("none.h5")).Message);
        string text = dir.File("weights.h5");
        File.WriteAllText(text, "{\"not\": \"hdf5\"}");
        Assert.Contains("not HDF5", Refused(mf, text).Message);

        using LczModel lczNet = LczModels.CreateLczNet();
        Assert.Contains("no Keras original", Assert.Throws<NotSupportedException>(() => KerasWeights.Import(lczNet, text)).Message);
        using LczModel textbook = LczModels.CreateMsmla18(new LczModelOptions { Cbam = CbamVariant.Textbook });
        Assert.Contains("CbamVariant.Released", Assert.Throws<NotSupportedException>(() => KerasWeights.Import(textbook, text)).Message);
    }
}
