using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Msmla.Core.Data;
using Msmla.Core.Lcz;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Data.Statistics;
using Msmla.Data.Synthetic;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Training;
using Msmla.Models.Weights;

namespace Msmla.Benchmarks.Mapping;

/// <summary>
/// The files the benchmark maps with, made once and kept in the benchmark directory: synthetic scenes of several sizes,
/// an MSMLA-18 trained briefly on the synthetic sample of the same seed (so the map has regions to find, and the
/// predictions are as confident as a real model's rather than the near-uniform ones of random weights), saved with its
/// input pipeline and exported for PyTorch, and the card that tells the Python mapper the model and the pipeline.
/// </summary>
internal static class BenchInputs
{
    private const int Seed = 1;

    public static string ScenePath(BenchSettings settings, int size) => Path.Combine(settings.Directory, $"scene-{size}.tif");

    public static string ModelPath(BenchSettings settings) => Path.Combine(settings.Directory, "msmla18.dat");

    public static string WeightsForPyTorch(BenchSettings settings) => Path.Combine(settings.Directory, "msmla18.pt");

    /// <summary>Writes the synthetic scene of this size unless it exists: 10 uint16 bands, UTM, tiled 256, Deflate, a nodata corner.</summary>
    public static string Scene(BenchSettings settings, int size)
    {
        string path = ScenePath(settings, size);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"writing the synthetic scene {path} ({size} x {size} x 10 uint16) ...");
            SyntheticLczScene.Write(path, new SyntheticSceneOptions { Seed = Seed, Width = size, Height = size });
        }
        return path;
    }

    /// <summary>Trains and saves the model unless it exists; returns the weights path.</summary>
    public static string Model(BenchSettings settings)
    {
        string path = ModelPath(settings);
        string export = WeightsForPyTorch(settings);
        if (File.Exists(path) && File.Exists(LczModelFileInfo.SidecarPath(path)) && File.Exists(export)) return path;
        Console.Error.WriteLine($"training MSMLA-18 on {settings.TrainPatches} synthetic patches for {settings.TrainEpochs} epochs (once; kept as {path}) ...");
        ArrayPatchSource raw = SyntheticLczSample.CreateSource(new SyntheticLczOptions { Seed = Seed, PatchSize = 32 }, settings.TrainPatches);
        IPatchSource source = raw.Normalize(BandStatistics.Compute(raw).ToNormalization());
        // BatchNorm momentum 0.9 (as in msmla demo): the running statistics settle within a short training.
        using LczModel model = LczModels.Create(LczArchitecture.Msmla18, new LczModelOptions { Classes = LczClasses.Count, PatchSize = 32, Seed = Seed, BatchNormMomentum = 0.9 });
        var trainer = new LczTrainer(model, new TrainerOptions
        {
            Epochs = settings.TrainEpochs, BatchSize = 32, Seed = Seed, Device = ComputeDevice.Cpu, Optimizer = OptimizerOptions.KerasAdam(0.002),
        });
        TrainingHistory history = trainer.Fit(source);
        Console.Error.WriteLine($"trained: last epoch loss {history.Epochs[^1].TrainingLoss:F3}, accuracy {history.Epochs[^1].TrainingAccuracy:P1}");
        model.eval();
        LczModels.Save(model, path, trainer.Input);
        PyTorchWeights.Save(model, export);
        return path;
    }

    /// <summary>
    /// The model card for the Python mapper: the architecture and options the twin is built from, the exported weights, and the
    /// input pipeline as the classifier applies it (bands in order, DN scaling, normalisation shift and scale per band).
    /// </summary>
    public static string PythonCard(BenchSettings settings, LczClassifier classifier, string twins)
    {
        var input = classifier.Input;
        (double[] shift, double[] scale) = input.Normalization.Resolve(input.Bands);
        var card = new JsonObject
        {
            ["architecture"] = classifier.Model.Architecture.ToString(),
            ["options"] = JsonSerializer.SerializeToNode(classifier.Model.Options),
            ["weights"] = WeightsForPyTorch(settings),
            ["twins"] = twins,
            ["bands"] = new JsonArray(input.Bands.Select(b => (JsonNode)b).ToArray()),
            ["divisor"] = input.Scaling.Divisor,
            ["offset"] = input.Scaling.Offset,
            ["shift"] = new JsonArray(shift.Select(v => (JsonNode)v).ToArray()),
            ["scale"] = new JsonArray(scale.Select(v => (JsonNode)v).ToArray()),
            ["patch"] = input.PatchSize,
            ["step"] = 10,
            ["block_rows"] = new Msmla.Data.Mapping.LczMapOptions().BlockRows,
            ["batch"] = settings.Batch,
            ["threads"] = settings.Threads,
            ["colors"] = new JsonArray(LczClasses.All.Select(c => (JsonNode)c.Color).ToArray()),
        };
        string path = Path.Combine(settings.Directory, $"python-card-{settings.Threads}.json");
        File.WriteAllText(path, card.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
