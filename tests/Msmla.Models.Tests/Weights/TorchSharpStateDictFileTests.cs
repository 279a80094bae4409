using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

public sealed class TorchSharpStateDictFileTests
{
    public TorchSharpStateDictFileTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Reads_every_tensor_TorchSharp_save_writes()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        manual_seed(7);
        using var net = new TinyNet().Exercise();
        string path = dir.File("net.bin");
        net.save(path);

        Dictionary<string, Tensor> read = TorchSharpStateDictFile.Read(path);
        try
        {
            Dictionary<string, Tensor> expected = net.state_dict();
            Assert.Equal(expected.Keys.OrderBy(k => k), read.Keys.OrderBy(k => k));
            foreach (var (key, tensor) in expected)
            {
                Assert.Equal(tensor.dtype, read[key].dtype);
                Assert.Equal(tensor.shape, read[key].shape);
                Assert.True(tensor.equal(read[key]).all().item<bool>(), key);
            }
            Assert.Equal(ScalarType.Int64, read["bn.num_batches_tracked"].dtype);
            Assert.Equal(3L, read["bn.num_batches_tracked"].item<long>());
        }
        finally
        {
            foreach (Tensor t in read.Values) t.Dispose();
        }
    }

    [Fact]
    public void Refuses_a_truncated_file_wherever_it_is_cut()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using var net = new TinyNet();
        string path = dir.File("net.bin");
        net.save(path);
        byte[] bytes = File.ReadAllBytes(path);
        string cut = dir.File("cut.bin");
        foreach (int length in new[] { 1, 2, 5, 20, bytes.Length / 2, bytes.Length - 8, bytes.Length - 1 })
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<WeightFileException>(() => TorchSharpStateDictFile.Read(cut));
            Assert.Equal(cut, e.FilePath);
            Assert.Contains("truncated", e.Message);
        }
        File.WriteAllBytes(cut, Array.Empty<byte>());
        Assert.Contains("empty", Assert.Throws<WeightFileException>(() => TorchSharpStateDictFile.Read(cut)).Message);
    }

    [Fact]
    public void Refuses_foreign_and_padded_files()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        string text = dir.File("text.bin");
        File.WriteAllText(text, "This is a text file, not weights at all, but long enough to be parsed for a while.");
        var e = Assert.Throws<WeightFileException>(() => TorchSharpStateDictFile.Read(text));
        Assert.Contains(text, e.Message);
        Assert.Contains("not a TorchSharp weights file", e.Message);

        using var net = new TinyNet();
        string padded = dir.File("padded.bin");
        net.save(padded);
        File.AppendAllText(padded, "extra");
        Assert.Contains("follow the last", Assert.Throws<WeightFileException>(() => TorchSharpStateDictFile.Read(padded)).Message);

        string missing = dir.File("missing.bin");
        Assert.Contains("does not exist", Assert.Throws<WeightFileException>(() => TorchSharpStateDictFile.Read(missing)).Message);
    }
}
