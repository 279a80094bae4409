using System;
using System.IO;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Weights;

/// <summary>
/// Keras import against an independent reference (Weights/Python/keras_models.py: NHWC float64 numpy forward passes
/// that use Keras' weight layouts directly and simulate Keras' layer naming), on the released Sen2LCZ-Net-MF weights
/// and on Keras-layout files the tests write.
/// </summary>
public sealed class KerasWeightsTests
{
    public KerasWeightsTests() => TorchRuntime.EnsureLoaded();

    /// <summary>
    /// The released weights give the same class probabilities here as the independent reference, to 1e-5, and the
    /// same predicted class wherever the reference's top two probabilities are more than 1e-4 apart.
    /// </summary>
    [SkippableFact]
    public void Released_Sen2LCZ_Net_MF_weights_give_the_reference_probabilities()
    {
        string weights = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        float[] input = WeightsTestData.Patches(24, 10, 32, seed: 2020, out long[] shape);
        NpyFile.Write(dir.File("x.npy"), input, shape);
        WeightsPeer.Run(python, File.ReadAllText(Path.Combine(WeightsPeer.ScriptDirectory, "keras_run.py")),
            "file", "sen2lcz_mf", weights, dir.File("x.npy"), dir.File("y.npy"));
        float[] expected = NpyFile.Read(dir.File("y.npy")).Values;

        using LczModel model = LczModels.CreateSen2LczNetMf();
        KerasImportReport report = KerasWeights.Import(model, weights);
        Assert.Equal("2.1.5", report.KerasVersion);
        Assert.Equal(36, report.Mappings.Count);
        Assert.Equal("fusion1", report.Mappings.Single(m => m.KerasLayer == "dense_1").Target);
        Assert.Equal("fusion2", report.Mappings.Single(m => m.KerasLayer == "dense_2").Target);
        Assert.Equal("classifier", report.Mappings.Single(m => m.KerasLayer == "dense_4").Target);
        Assert.Equal("fusion3", report.Mappings.Single(m => m.KerasLayer == "dense_5").Target);
        Assert.Equal("block4.bn4", report.Mappings.Single(m => m.KerasLayer == "batch_normalization_16").Target);

        float[] actual = WeightsTestData.Forward(model, input, shape);
        Assert.True(WeightsTestData.MaxAbsDifference(expected, actual) <= 1e-5,
            $"largest probability difference {WeightsTestData.MaxAbsDifference(expected, actual):g}");

        int classes = 17, compared = 0, distinct = 0;
        var predicted = new bool[classes];
        for (int n = 0; n < shape[0]; n++)
        {
            float[] e = expected.AsSpan(n * classes, classes).ToArray();
            float[] a = actual.AsSpan(n * classes, classes).ToArray();
            Assert.Equal(1.0, a.Sum(), 5);
            float[] sorted = e.OrderByDescending(v => v).ToArray();
            if (sorted[0] - sorted[1] <= 1e-4) continue;
            int expectedClass = Array.IndexOf(e, e.Max());
            Assert.Equal(expectedClass, Array.IndexOf(a, a.Max()));
            compared++;
            if (!predicted[expectedClass]) distinct++;
            predicted[expectedClass] = true;
        }
        Assert.True(compared >= 20, $"only {compared} patches had a clear reference prediction");
        Assert.True(distinct >= 4, $"the patches cover only {distinct} predicted classes");
    }

    /// <summary>
    /// Random weights written in Keras' save_weights layout (layer_names shuffled, so only the automatic layer
    /// numbers give the creation order), imported here, give the reference output of the Keras model to 1e-5
    /// (relative to the largest output; logits, or probabilities for Sen2LCZ-Net-MF). MSMLA files use tf.keras
    /// naming (conv2d, conv2d_1, ...), as the released MSMLA code ran on TensorFlow 2.3; the others Keras 2.1's.
    /// </summary>
    [SkippableTheory]
    [InlineData("sen2lcz_mf", LczArchitecture.Sen2LczNetMf, false)]
    [InlineData("sen2lcz", LczArchitecture.Sen2LczNet, false)]
    [InlineData("cnn", LczArchitecture.RosentreterCnn, false)]
    [InlineData("msmla18", LczArchitecture.Msmla18, true)]
    [InlineData("msmla50", LczArchitecture.Msmla50, true)]
    public void Keras_layout_files_import_and_give_the_reference_output(string kerasModel, LczArchitecture architecture, bool tfKeras)
    {
        string python = WeightsPeer.Require("h5py", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        float[] input = WeightsTestData.Patches(4, 10, 32, seed: 7, out long[] shape);
        NpyFile.Write(dir.File("x.npy"), input, shape);
        string h5 = dir.File("weights.h5");
        WeightsPeer.Run(python, File.ReadAllText(Path.Combine(WeightsPeer.ScriptDirectory, "keras_run.py")),
            "random", kerasModel, h5, dir.File("x.npy"), dir.File("y.npy"), "31", tfKeras ? "1" : "0", "17", "shuffle");
        float[] expected = NpyFile.Read(dir.File("y.npy")).Values;

        using LczModel model = LczModels.Create(architecture);
        KerasImportReport report = KerasWeights.Import(model, h5);
        Assert.Equal(KerasLayerPlan.For(model).Count, report.Mappings.Count);
        float[] actual = WeightsTestData.Forward(model, input, shape);
        double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        double difference = WeightsTestData.MaxAbsDifference(expected, actual);
        Assert.True(difference <= 1e-5 * scale, $"largest difference {difference:g} (output scale {scale:g})");
    }
}
