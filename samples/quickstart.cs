// The Msmla quick start as a .NET 10 file-based app: dotnet run samples/quickstart.cs
//
// It uses the Msmla packages from the local feed `packages/` at the repository root; make it once with
//     dotnet pack eng/Msmla.Libraries.slnf -c Release -o packages
// (the RestoreAdditionalProjectSources line below adds that folder to your NuGet sources; drop it once the packages
// come from a feed in your nuget.config). It writes a small synthetic So2Sat-like sample, trains MSMLA-18 for one epoch,
// evaluates it, saves and reloads the model, maps a synthetic Sentinel-2 scene and writes the plots as PNG files into
// a new directory under the temporary directory, and classifies patches with the released Sen2LCZ-Net-MF weights. samples/quickstart.ipynb is the same walk-through as a notebook.
#:package TorchSharp-cpu@0.107.0
#:package Msmla.Data@0.1.0
#:package Msmla.Plotting@0.1.0
#:package Msmla.Models.Pretrained@0.1.0
#:property RestoreAdditionalProjectSources=$(MSBuildProjectDirectory)/../packages
// File-based apps are native-AOT apps by default, with reflection-based System.Text.Json turned off; Msmla writes its
// checkpoints and sidecars with it, so the app runs as a regular (JIT) app.
#:property PublishAot=false

using System;
using System.IO;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Data.So2Sat;
using Msmla.Data.Synthetic;
using Msmla.Core.Lcz;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Models.Pretrained;
using Msmla.Models.Training;
using Msmla.Plotting;

TorchRuntime.EnsureLoaded();
string directory = Path.Combine(Path.GetTempPath(), "msmla-quickstart-" + DateTime.Now.ToString("yyyyMMdd-HHmmss"));

// 1. Data: a synthetic sample in the So2Sat LCZ42 layout (17 classes, 10 Sentinel-2 bands, 16 x 16 patches).
//    For So2Sat LCZ42 itself, open its training.h5, validation.h5 and testing.h5 the same way.
var sample = new SyntheticLczOptions { Seed = 42, PatchSize = 16 };
SyntheticSplitFiles files = SyntheticLczSample.WriteSplits(Path.Combine(directory, "data"), sample, training: 680, validation: 170, testing: 340);
using var training = So2SatReader.Open(files.Training, new So2SatReadOptions { CacheInMemory = true });
using var validation = So2SatReader.Open(files.Validation, new So2SatReadOptions { CacheInMemory = true });
using var testing = So2SatReader.Open(files.Testing, new So2SatReadOptions { CacheInMemory = true });
Console.WriteLine($"{training.Info.Count} training patches of {training.Info.Channels} x {training.Info.Height} x {training.Info.Width}");

// 2. Train MSMLA-18 briefly (one epoch on the CPU) with the recipe of its paper.
using LczModel model = LczModels.Create(LczArchitecture.Msmla18, new LczModelOptions { PatchSize = 16, Seed = 1, BatchNormMomentum = 0.9 });
TrainerOptions options = TrainingRecipes.MsmlaAsDescribed().Trainer with
{
    Epochs = 1,
    BatchSize = 32,
    Seed = 1,
    Device = ComputeDevice.Cpu,
    EarlyStopping = null,
    Checkpoint = new CheckpointOptions { Directory = Path.Combine(directory, "checkpoints") },
};
var trainer = new LczTrainer(model, options);
TrainingHistory history = trainer.Fit(training, validation);
EpochRecord last = history.Epochs[^1];
Console.WriteLine($"epoch {last.Epoch}: training loss {last.TrainingLoss:F3}, validation accuracy {last.ValidationAccuracy:P1}");

// 3. Evaluate on the held-out patches.
EvaluationResult test = trainer.Evaluate(testing);
Console.WriteLine($"test: OA {test.Metrics.MicroAccuracy:P1}, kappa {test.Metrics.Kappa:F3} (chance {1.0 / 17:P1})");

// 4. Save the model with its input pipeline, and open it again as a classifier.
string modelPath = Path.Combine(directory, "model.dat");
LczModels.Save(model, modelPath, trainer.Input);
using LczClassifier classifier = LczClassifier.Open(modelPath);
LczEvaluation again = classifier.EvaluateFile(files.Testing);
Console.WriteLine($"reloaded model: OA {again.Metrics.MicroAccuracy:P1}");

// 5. Map a synthetic Sentinel-2 scene (10 bands, UTM) to an LCZ map (GeoTIFF, 100 m cells).
string scenePath = Path.Combine(directory, "data", "scene.tif");
SyntheticLczScene.Write(scenePath, new SyntheticSceneOptions { Seed = 42, Width = 320, Height = 240, TileSize = 16 });
using GeoTiffScene scene = GeoTiffScene.Open(scenePath);
var mapper = new LczMapper(classifier, new LczMapOptions());
LczMapResult map = mapper.Map(new[] { scene }, MapOutputs.For(Path.Combine(directory, "lcz-map.tif"), MapProbabilities.None));
Console.WriteLine($"LCZ map: {map.Grid.Width} x {map.Grid.Height} cells, {map.NoDataCells} without data");

// 6. Plots as PNG: the confusion matrix, the learning curves and the map.
new ConfusionMatrixPlot(test.ConfusionMatrix, test.Metrics).SavePng(Path.Combine(directory, "confusion-matrix.png"));
new LearningCurvePlot(history).SavePng(Path.Combine(directory, "learning-curves.png"));
new LczMapPlot(map.Labels, map.Grid.Width, map.Grid.Height).SavePng(Path.Combine(directory, "lcz-map.png"));
Console.WriteLine($"Wrote the model, the map and the plots to {directory}");

// 7. The released Sen2LCZ-Net-MF weights (Qiu et al. 2020; MIT), ready with their input pipeline (So2Sat LCZ42's sen2 as
//    stored, 32 x 32 patches): on So2Sat LCZ42's testing split they reach OA 0.694. The synthetic patches here are not
//    Sentinel-2 images, so their classes say nothing; with So2Sat files, call PredictFile or EvaluateFile on them.
string so2satLike = Path.Combine(directory, "data", "so2sat-like-32.h5");
SyntheticLczSample.WriteSo2Sat(so2satLike, new SyntheticLczOptions { Seed = 7, PatchSize = 32 }, 64);
using LczClassifier pretrained = LczPretrained.Sen2LczNetMf();
PredictionResult predicted = pretrained.PredictFile(so2satLike);
Console.WriteLine($"pretrained Sen2LCZ-Net-MF: {predicted.Count} patches classified, the first as LCZ {LczClasses.FromIndex(predicted.Labels[0]).Code}");
