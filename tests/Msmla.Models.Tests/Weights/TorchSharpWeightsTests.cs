using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

public sealed class TorchSharpWeightsTests
{
    public TorchSharpWeightsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Saved_weights_load_with_TorchSharps_own_loader_and_back()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        manual_seed(21);
        using var net = new TinyNet().Exercise();
        string path = dir.File("tiny.bin");
        TorchSharpWeights.Save(net, path);
        Assert.Single(System.IO.Directory.GetFiles(dir.Path));

        using var viaTorchSharp = new TinyNet();
        viaTorchSharp.load(path, strict: true);
        using var viaMsmla = new TinyNet();
        WeightLoadReport report = TorchSharpWeights.Load(viaMsmla, path);
        Assert.Equal(9, report.LoadedKeys.Count);
        foreach (var (key, tensor) in net.state_dict())
        {
            Assert.True(tensor.equal(viaTorchSharp.state_dict()[key]).all().item<bool>(), key);
            Assert.True(tensor.equal(viaMsmla.state_dict()[key]).all().item<bool>(), key);
        }
    }

    [Fact]
    public void A_channels_last_model_saves_in_the_format_TorchSharps_own_loader_reads()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = LczModels.CreateMsmla18(new LczModelOptions { Seed = 4 });
        ModelTestData.RandomizeBatchNorm(model);
        model.UseChannelsLast();
        string path = dir.File("msmla18.dat");
        TorchSharpWeights.Save(model, path);
        Assert.Single(System.IO.Directory.GetFiles(dir.Path));

        // TorchSharp's reader (Module.load) is the independent reference for the format.
        using LczModel fresh = LczModels.CreateMsmla18(new LczModelOptions { Seed = 99 });
        fresh.load(path, strict: true);
        var expected = model.state_dict();
        Assert.Equal(expected.Keys, fresh.state_dict().Keys);
        foreach (var (key, tensor) in fresh.state_dict())
        {
            Assert.True(tensor.is_contiguous(), key);
            Assert.Equal(expected[key].dtype, tensor.dtype);
            Assert.True(tensor.equal(expected[key]).all().item<bool>(), key);
        }
    }

    [Fact]
    public void Refuses_weights_of_another_shape_naming_the_file()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using var wide = new TinyNet(channels: 8);
        string path = dir.File("wide.bin");
        TorchSharpWeights.Save(wide, path);
        using var narrow = new TinyNet();
        var e = Assert.Throws<WeightFileException>(() => TorchSharpWeights.Load(narrow, path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("'bn.running_mean' is [8] in the file but [4] in the model", e.Message);
    }
}
