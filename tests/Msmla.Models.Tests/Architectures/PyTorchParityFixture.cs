using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Msmla.Models;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Architectures;

/// <summary>
/// Builds a set of models here, exports their weights (raw float32 with a JSON index) and inputs, runs the
/// independent PyTorch implementations once on all of them, and keeps both outputs for the tests to compare.
/// </summary>
public sealed class PyTorchParityFixture : IDisposable
{
    /// <summary>One compared case.</summary>
    public sealed record Case(string Name, LczArchitecture Architecture, LczModelOptions Options, bool Training, int BatchSize);

    public static readonly Case[] Cases =
    {
        new("msmla18", LczArchitecture.Msmla18, new LczModelOptions { Seed = 1 }, false, 3),
        new("msmla18-train", LczArchitecture.Msmla18, new LczModelOptions { Seed = 2 }, true, 4),
        new("msmla18-textbook-13b-5c-48-w48", LczArchitecture.Msmla18,
            new LczModelOptions { Seed = 3, Bands = 13, Classes = 5, PatchSize = 48, StageWidths = new[] { 16, 32, 48 }, Cbam = CbamVariant.Textbook }, false, 2),
        new("msmla50", LczArchitecture.Msmla50, new LczModelOptions { Seed = 4 }, false, 2),
        new("sen2lcz-mf", LczArchitecture.Sen2LczNetMf, new LczModelOptions { Seed = 5 }, false, 3),
        new("sen2lcz-mf-48", LczArchitecture.Sen2LczNetMf, new LczModelOptions { Seed = 6, PatchSize = 48 }, false, 2),
        new("sen2lcz", LczArchitecture.Sen2LczNet, new LczModelOptions { Seed = 7 }, false, 3),
        new("cnn", LczArchitecture.RosentreterCnn, new LczModelOptions { Seed = 8 }, false, 3),
        new("cnn-train", LczArchitecture.RosentreterCnn, new LczModelOptions { Seed = 9 }, true, 4),
        new("lcznet", LczArchitecture.LczNet, new LczModelOptions { Seed = 10 }, false, 2),
    };

    private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();

    public PyTorchParityFixture()
    {
        Python = PythonPeer.Find("torch", "numpy");
        if (Python == null) return;
        var manifest = new JsonArray();
        foreach (Case c in Cases)
        {
            using LczModel model = LczModels.Create(c.Architecture, c.Options);
            ModelTestData.RandomizeBatchNorm(model, c.Options.Seed!.Value);
            using Tensor input = ModelTestData.Input(c.BatchSize, c.Options.Bands, c.Options.PatchSize, c.Options.Seed!.Value);
            string file = _directory.File(c.Name + ".bin");
            Export(model, input, file);
            model.train(c.Training);
            using (no_grad())
            using (Tensor output = model.call(input))
            {
                Ours[c.Name] = ModelTestData.ToArray(output);
                OurShapes[c.Name] = output.shape;
            }
            OurRunningMeans[c.Name] = model.named_buffers()
                .Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal))
                .ToDictionary(b => b.name, b => ModelTestData.ToArray(b.buffer));
            manifest.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["architecture"] = c.Architecture.ToString(),
                ["options"] = JsonSerializer.SerializeToNode(model.Options),
                ["training"] = c.Training,
                ["file"] = file,
            });
        }
        string manifestPath = _directory.File("manifest.json");
        File.WriteAllText(manifestPath, new JsonObject { ["cases"] = manifest }.ToJsonString());
        string resultsPath = _directory.File("results.json");
        PythonPeer.Run(Python, PyTorchArchitectures.Script, manifestPath, resultsPath, TwinsDirectory);
        Theirs = JsonNode.Parse(File.ReadAllText(resultsPath))!.AsObject();
    }

    /// <summary>The directory of lcz_pytorch.py, the PyTorch twins of the networks.</summary>
    public static string TwinsDirectory { get; } = Path.Combine(TestPaths.RepositoryRoot, "tests", "Msmla.Models.Tests", "Architectures");

    /// <summary>The Python interpreter with torch, or null (the tests then skip).</summary>
    public string? Python { get; }

    public Dictionary<string, float[]> Ours { get; } = new();

    public Dictionary<string, long[]> OurShapes { get; } = new();

    public Dictionary<string, Dictionary<string, float[]>> OurRunningMeans { get; } = new();

    public JsonObject? Theirs { get; }

    public void Dispose() => _directory.Dispose();

    /// <summary>Writes every float tensor of the state dict and the input as: int32 header length, JSON header, float32 data.</summary>
    private static void Export(LczModel model, Tensor input, string path)
    {
        var tensors = model.state_dict()
            .Where(kv => kv.Value.dtype == ScalarType.Float32)
            .Select(kv => (kv.Key, kv.Value))
            .Append(("input.x", input))
            .ToList();
        var header = new JsonArray();
        var data = new List<float>();
        foreach ((string name, Tensor tensor) in tensors)
        {
            header.Add(new JsonObject { ["name"] = name, ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()), ["offset"] = data.Count });
            data.AddRange(ModelTestData.ToArray(tensor));
        }
        byte[] headerBytes = Encoding.UTF8.GetBytes(new JsonObject { ["tensors"] = header }.ToJsonString());
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(headerBytes.Length);
        writer.Write(headerBytes);
        foreach (float v in data) writer.Write(v);
    }
}
