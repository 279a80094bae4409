using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

/// <summary>
/// The LCZ networks' weights both ways with PyTorch 1.13: into and out of independent PyTorch twins
/// (Weights/Python/lcz_torch.py, written from models.md with the same attribute names), and through PyTorch's own
/// torch.load / torch.save for every architecture.
/// </summary>
public sealed class PyTorchWeightsRoundTripTests
{
    public PyTorchWeightsRoundTripTests() => TorchRuntime.EnsureLoaded();

    private static LczModel Trained(LczArchitecture architecture)
    {
        LczModel model = LczModels.Create(architecture, new LczModelOptions { Seed = 3 });
        model.train();
        using (no_grad())
        {
            for (int i = 0; i < 2; i++)
            {
                using var scope = NewDisposeScope();
                model.call(rand(3, 10, 32, 32) * 0.4);
            }
        }
        model.eval();
        return model;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        double difference = WeightsTestData.MaxAbsDifference(expected, actual);
        Assert.True(difference <= 1e-5 * scale, $"{what}: largest difference {difference:g} (output scale {scale:g})");
    }

    [SkippableTheory]
    [InlineData("sen2lcz_mf", LczArchitecture.Sen2LczNetMf)]
    [InlineData("sen2lcz", LczArchitecture.Sen2LczNet)]
    [InlineData("cnn", LczArchitecture.RosentreterCnn)]
    [InlineData("msmla18", LczArchitecture.Msmla18)]
    public void Weights_move_both_ways_between_a_model_and_its_PyTorch_twin(string twin, LczArchitecture architecture)
    {
        string python = WeightsPeer.Require("torch", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        float[] input = WeightsTestData.Patches(3, 10, 32, seed: 17, out long[] shape);
        NpyFile.Write(dir.File("x.npy"), input, shape);
        using LczModel model = Trained(architecture);
        PyTorchWeights.Save(model, dir.File("cs.pt"));
        PyTorchWeights.Save(model, dir.File("cs.safetensors"));

        string output = WeightsPeer.Run(python, """
import numpy as np, torch, lcz_torch, safetensors_lite
name, d = sys.argv[1], sys.argv[2]
x = torch.from_numpy(np.load(d + '/x.npy'))
# Ours -> PyTorch: strict load into the twin, outputs for comparison.
for kind, sd in (('pt', torch.load(d + '/cs.pt')), ('safetensors', {k: torch.from_numpy(v) for k, v in safetensors_lite.load(d + '/cs.safetensors').items()})):
    twin = lcz_torch.create(name)
    twin.load_state_dict(sd, strict=True)
    twin.eval()
    with torch.no_grad():
        np.save(f'{d}/y_cs_{kind}.npy', twin(x).numpy())
# PyTorch -> ours: a twin with moved BatchNorm statistics saved both ways, and its outputs.
torch.manual_seed(8)
twin = lcz_torch.create(name)
twin.train()
with torch.no_grad():
    for _ in range(3):
        twin(torch.rand(3, 10, 32, 32) * 0.4)
twin.eval()
sd = twin.state_dict()
torch.save(sd, d + '/py.pt')
safetensors_lite.save(d + '/py.safetensors', {k: v.numpy() for k, v in sd.items()})
with torch.no_grad():
    np.save(d + '/y_py.npy', twin(x).numpy())
print(len(sd), sum(v.numel() for k, v in sd.items() if not k.endswith('num_batches_tracked')))
""", twin, dir.Path);

        string[] counts = output.Trim().Split(' ');
        Assert.Equal(model.state_dict().Count, int.Parse(counts[0], CultureInfo.InvariantCulture));
        var modelCounts = model.CountParameters();
        Assert.Equal(modelCounts.Trainable + modelCounts.BatchNormStatistics, long.Parse(counts[1], CultureInfo.InvariantCulture));

        float[] ours = WeightsTestData.Forward(model, input, shape);
        AssertClose(ours, NpyFile.Read(dir.File("y_cs_pt.npy")).Values, "ours -> PyTorch (.pt)");
        AssertClose(ours, NpyFile.Read(dir.File("y_cs_safetensors.npy")).Values, "ours -> PyTorch (.safetensors)");

        float[] twinOutput = NpyFile.Read(dir.File("y_py.npy")).Values;
        foreach (string file in new[] { "py.pt", "py.safetensors" })
        {
            using LczModel loaded = LczModels.Create(architecture);
            WeightLoadReport report = PyTorchWeights.Load(loaded, dir.File(file));
            Assert.Empty(report.MissingKeys);
            Assert.Equal(3L, loaded.state_dict().First(kv => kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Value.item<long>());
            AssertClose(twinOutput, WeightsTestData.Forward(loaded, input, shape), $"PyTorch -> ours ({file})");
        }
    }

    /// <summary>Every architecture (LCZNet included) survives torch.load and torch.save / safetensors exactly.</summary>
    [SkippableFact]
    public void Every_architecture_survives_a_trip_through_PyTorch_unchanged()
    {
        string python = WeightsPeer.Require("torch", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        var models = new Dictionary<LczArchitecture, LczModel>();
        try
        {
            foreach (LczArchitecture architecture in Enum.GetValues<LczArchitecture>())
            {
                models[architecture] = Trained(architecture);
                PyTorchWeights.Save(models[architecture], dir.File($"{architecture}.pt"));
            }
            WeightsPeer.Run(python, """
import glob, os, torch, safetensors_lite
for path in glob.glob(sys.argv[1] + '/*.pt'):
    sd = torch.load(path)
    stem = os.path.splitext(path)[0]
    torch.save(sd, stem + '.resaved.pt')
    safetensors_lite.save(stem + '.safetensors', {k: v.numpy() for k, v in sd.items()})
""", dir.Path);

            float[] input = WeightsTestData.Patches(2, 10, 32, seed: 4, out long[] shape);
            foreach (var (architecture, original) in models)
            {
                foreach (string file in new[] { $"{architecture}.resaved.pt", $"{architecture}.safetensors" })
                {
                    using LczModel loaded = LczModels.Create(architecture);
                    PyTorchWeights.Load(loaded, dir.File(file));
                    foreach (var (key, tensor) in original.state_dict())
                    {
                        Tensor other = loaded.state_dict()[key];
                        Assert.Equal(tensor.dtype, other.dtype);
                        Assert.True(tensor.equal(other).all().item<bool>(), $"{file}: {key}");
                    }
                    Assert.Equal(WeightsTestData.Forward(original, input, shape), WeightsTestData.Forward(loaded, input, shape));
                }
            }
        }
        finally
        {
            foreach (LczModel model in models.Values) model.Dispose();
        }
    }
}
