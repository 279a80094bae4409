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

/// <summary>PyTorch state_dict files both ways with PyTorch 1.13 (Debian's python3-torch) as the peer, on a small module.</summary>
public sealed class PyTorchWeightsTests
{
    public PyTorchWeightsTests() => TorchRuntime.EnsureLoaded();

    private static float[] Input(out long[] shape)
    {
        shape = new long[] { 3, 3, 6, 6 };
        var random = new Random(11);
        return Enumerable.Range(0, 3 * 3 * 6 * 6).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
    }

    private static float[] Forward(TinyNet net, float[] input, long[] shape)
    {
        using var x = tensor(input, shape);
        using var y = net.call(x);
        return y.data<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: expected {expected[i]}, got {actual[i]}");
    }

    [SkippableTheory]
    [InlineData("net.pt")]
    [InlineData("net.safetensors")]
    public void Saved_here_loads_strictly_in_PyTorch_with_the_same_outputs_and_state(string fileName)
    {
        string python = WeightsPeer.Require("torch", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        manual_seed(3);
        using var net = new TinyNet().Exercise(4);
        string path = dir.File(fileName);
        PyTorchWeights.Save(net, path);
        Assert.Single(Directory.GetFiles(dir.Path));
        float[] input = Input(out long[] shape);
        NpyFile.Write(dir.File("x.npy"), input, shape);

        string output = WeightsPeer.Run(python, TinyNet.PythonDefinition + """
import numpy as np, safetensors_lite
path, x_path, y_path = sys.argv[1], sys.argv[2], sys.argv[3]
if path.endswith('.safetensors'):
    sd = {k: torch.from_numpy(v) for k, v in safetensors_lite.load(path).items()}
else:
    sd = torch.load(path)
model = TinyNet()
result = model.load_state_dict(sd, strict=True)
model.eval()
assert sd['bn.num_batches_tracked'].dtype == torch.int64, sd['bn.num_batches_tracked'].dtype
with torch.no_grad():
    y = model(torch.from_numpy(np.load(x_path)))
np.save(y_path, y.numpy())
print(int(sd['bn.num_batches_tracked']), float(sd['bn.running_var'].sum()))
""", path, dir.File("x.npy"), dir.File("y.npy"));

        string[] fields = output.Trim().Split(' ');
        Assert.Equal("4", fields[0]);
        Assert.Equal(net.state_dict()["bn.running_var"].sum().item<float>(), float.Parse(fields[1], CultureInfo.InvariantCulture), 5);
        AssertClose(NpyFile.Read(dir.File("y.npy")).Values, Forward(net, input, shape));
    }

    [SkippableTheory]
    [InlineData("py.pt")]
    [InlineData("py.pth")]
    [InlineData("py.safetensors")]
    public void Saved_by_PyTorch_loads_here_with_the_same_outputs(string fileName)
    {
        string python = WeightsPeer.Require("torch", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        float[] input = Input(out long[] shape);
        NpyFile.Write(dir.File("x.npy"), input, shape);
        string path = dir.File(fileName);

        WeightsPeer.Run(python, TinyNet.PythonDefinition + """
import numpy as np, safetensors_lite
path, x_path, y_path = sys.argv[1], sys.argv[2], sys.argv[3]
torch.manual_seed(5)
model = TinyNet()
model.train()
with torch.no_grad():
    for _ in range(6):
        model(torch.randn(4, 3, 6, 6) * 3 - 1)
model.eval()
sd = model.state_dict()
if path.endswith('.safetensors'):
    safetensors_lite.save(path, {k: v.numpy() for k, v in sd.items()}, metadata={'format': 'pt'})
else:
    torch.save(sd, path)
with torch.no_grad():
    np.save(y_path, model(torch.from_numpy(np.load(x_path))).numpy())
""", path, dir.File("x.npy"), dir.File("y.npy"));

        using var net = new TinyNet();
        net.eval();
        WeightLoadReport report = PyTorchWeights.Load(net, path);
        Assert.Equal(9, report.LoadedKeys.Count);
        Assert.Equal(6L, net.state_dict()["bn.num_batches_tracked"].item<long>());
        AssertClose(NpyFile.Read(dir.File("y.npy")).Values, Forward(net, input, shape));
    }

    [SkippableFact]
    public void Converts_a_float64_state_dict_saved_by_PyTorch()
    {
        string python = WeightsPeer.Require("torch", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        float[] input = Input(out long[] shape);
        NpyFile.Write(dir.File("x.npy"), input, shape);
        WeightsPeer.Run(python, TinyNet.PythonDefinition + """
import numpy as np
torch.manual_seed(9)
model = TinyNet().double().eval()
torch.save(model.state_dict(), sys.argv[1])
with torch.no_grad():
    np.save(sys.argv[3], model(torch.from_numpy(np.load(sys.argv[2])).double()).float().numpy())
""", dir.File("double.pt"), dir.File("x.npy"), dir.File("y.npy"));
        using var net = new TinyNet();
        net.eval();
        PyTorchWeights.Load(net, dir.File("double.pt"));
        AssertClose(NpyFile.Read(dir.File("y.npy")).Values, Forward(net, input, shape), 1e-5);
    }

    [SkippableFact]
    public void Refuses_files_PyTorch_wrote_that_are_not_loadable_state_dicts()
    {
        string python = WeightsPeer.Require("torch", "numpy");
        using var dir = TestPaths.CreateTemporaryDirectory();
        WeightsPeer.Run(python, TinyNet.PythonDefinition + """
d = sys.argv[1]
model = TinyNet()
torch.save(model.state_dict(), d + '/legacy.pt', _use_new_zipfile_serialization=False)
torch.save({'epoch': 3, 'state_dict': model.state_dict()}, d + '/checkpoint.pt')
torch.save(TinyNet(channels=6).state_dict(), d + '/wider.pt')
""", dir.Path);
        using var net = new TinyNet();
        Assert.Contains("before PyTorch 1.6", Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, dir.File("legacy.pt"))).Message);
        Assert.Contains("not a flat state_dict", Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, dir.File("checkpoint.pt"))).Message);
        Assert.Contains("'conv.weight' is [6, 3, 3, 3] in the file but [4, 3, 3, 3] in the model",
            Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, dir.File("wider.pt"))).Message);
    }

    [Theory]
    [InlineData("net.pt")]
    [InlineData("net.safetensors")]
    public void Refuses_missing_truncated_and_foreign_files(string fileName)
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using var net = new TinyNet();
        string path = dir.File(fileName);
        Assert.Contains("does not exist", Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, path)).Message);

        PyTorchWeights.Save(net, path);
        byte[] bytes = File.ReadAllBytes(path);
        foreach (int length in new[] { bytes.Length - 1, bytes.Length / 2, 12 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, path));
            Assert.Equal(path, e.FilePath);
            Assert.Contains("truncated", e.Message);
        }
        File.WriteAllText(path, "not weights");
        Assert.Contains("neither a PyTorch zip archive", Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, path)).Message);
        File.WriteAllBytes(path, Array.Empty<byte>());
        Assert.Contains("empty", Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(net, path)).Message);
    }

    [Fact]
    public void Saves_in_the_format_of_the_extension_or_the_one_given()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using var net = new TinyNet();
        PyTorchWeights.Save(net, dir.File("a.pth"));
        PyTorchWeights.Save(net, dir.File("b.safetensors"));
        PyTorchWeights.Save(net, dir.File("c.weights"), PyTorchWeightFormat.Safetensors);
        Assert.Equal(PyTorchWeightFormat.Pickle, PyTorchWeightFormats.Detect(dir.File("a.pth")));
        Assert.Equal(PyTorchWeightFormat.Safetensors, PyTorchWeightFormats.Detect(dir.File("b.safetensors")));
        Assert.Equal(PyTorchWeightFormat.Safetensors, PyTorchWeightFormats.Detect(dir.File("c.weights")));
        var e = Assert.Throws<ArgumentException>(() => PyTorchWeights.Save(net, dir.File("d.weights")));
        Assert.Contains("d.weights", e.Message);
        Assert.Equal(3, Directory.GetFiles(dir.Path).Length);

        IReadOnlyDictionary<string, Tensor> read = PyTorchWeights.ReadStateDict(dir.File("c.weights"));
        Assert.Equal(net.state_dict().Keys.OrderBy(k => k), read.Keys.OrderBy(k => k));
        foreach (Tensor t in read.Values) t.Dispose();
    }

    [Fact]
    public void Refuses_files_of_another_architecture_band_count_or_with_NaN_for_LCZ_models()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel mf = LczModels.CreateSen2LczNetMf(new LczModelOptions { Seed = 1 });
        PyTorchWeights.Save(mf, dir.File("mf.pt"));
        using LczModel msmla = LczModels.CreateMsmla18();
        var e = Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(msmla, dir.File("mf.pt")));
        Assert.Contains("missing", e.Message);
        Assert.Contains("unexpected", e.Message);
        Assert.Contains("stem.conv5x5.weight", e.Message);
        Assert.Contains("unexpected key(s) the model does not have: block1.bn1.bias", e.Message);

        using LczModel cnn13 = LczModels.CreateRosentreterCnn(new LczModelOptions { Bands = 13, Seed = 1 });
        PyTorchWeights.Save(cnn13, dir.File("cnn13.safetensors"));
        using LczModel cnn10 = LczModels.CreateRosentreterCnn();
        e = Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(cnn10, dir.File("cnn13.safetensors")));
        Assert.Contains("'stage1.conv.weight' is [16, 13, 3, 3] in the file but [16, 10, 3, 3] in the model", e.Message);

        using (no_grad()) cnn10.state_dict()["stage2.bn.running_var"][0] = float.NaN;
        PyTorchWeights.Save(cnn10, dir.File("nan.pt"));
        using LczModel fresh = LczModels.CreateRosentreterCnn();
        e = Assert.Throws<WeightFileException>(() => PyTorchWeights.Load(fresh, dir.File("nan.pt")));
        Assert.Contains("'stage2.bn.running_var' (1 of 32 values)", e.Message);
    }
}
