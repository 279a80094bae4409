using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Packaging;

/// <summary>
/// A fresh console application that references only the packed libraries (from the folder feed) and TorchSharp-cpu,
/// as a user outside the repository would: it trains, evaluates, saves, reloads and plots.
/// </summary>
[Collection(LibraryFeedCollection.Name)]
public class ConsoleAppTests
{
    private readonly LibraryFeed _feed;

    public ConsoleAppTests(LibraryFeed feed) => _feed = feed;

    /// <param name="framework">
    /// The app's target framework. The net8.0 app compiles against .NET 8's reference assemblies and the packages'
    /// lib/net8.0 assets; it runs on the newest installed runtime (RollForward Major), since a machine with only the .NET 10
    /// SDK has no .NET 8 runtime.
    /// </param>
    [Theory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    public void A_console_app_on_the_packages_trains_evaluates_reloads_and_plots(string framework)
    {
        string app = Directory.CreateDirectory(Path.Combine(_feed.Root, "console-app-" + framework)).FullName;
        string rollForward = framework == "net10.0" ? "" : "<RollForward>Major</RollForward><UseAppHost>false</UseAppHost>";
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_feed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>{framework}</TargetFramework><Nullable>enable</Nullable>{rollForward}</PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Msmla.Data" Version="{_feed.Version}" />
                <PackageReference Include="Msmla.Plotting" Version="{_feed.Version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System;
            using System.IO;
            using System.Linq;
            using Msmla.Core.Runtime;
            using Msmla.Data.Classification;
            using Msmla.Data.So2Sat;
            using Msmla.Data.Synthetic;
            using Msmla.Models;
            using Msmla.Models.Training;
            using Msmla.Plotting;

            string directory = args[0];
            SyntheticSplitFiles files = SyntheticLczSample.WriteSplits(Path.Combine(directory, "data"),
                new SyntheticLczOptions { Seed = 42, PatchSize = 16 }, training: 680, validation: 170, testing: 340);
            using var training = So2SatReader.Open(files.Training);
            using var validation = So2SatReader.Open(files.Validation);
            using var testing = So2SatReader.Open(files.Testing);
            using LczModel model = LczModels.Create(LczArchitecture.Msmla18, new LczModelOptions { PatchSize = 16, Seed = 1, BatchNormMomentum = 0.9 });
            var trainer = new LczTrainer(model, TrainingRecipes.MsmlaAsDescribed().Trainer with
            {
                Epochs = 1, BatchSize = 32, Seed = 1, Device = ComputeDevice.Cpu, EarlyStopping = null,
                Checkpoint = new CheckpointOptions { Directory = Path.Combine(directory, "checkpoints") },
            });
            TrainingHistory history = trainer.Fit(training, validation);
            EvaluationResult test = trainer.Evaluate(testing);
            string saved = Path.Combine(directory, "model.dat");
            LczModels.Save(model, saved, trainer.Input);
            using LczClassifier reloaded = LczClassifier.Open(saved);
            LczEvaluation again = reloaded.EvaluateFile(files.Testing);
            new ConfusionMatrixPlot(test.ConfusionMatrix, test.Metrics).SavePng(Path.Combine(directory, "confusion-matrix.png"), 600, 500);
            new LearningCurvePlot(history).SavePng(Path.Combine(directory, "learning-curves.png"), 600, 300);
            Console.WriteLine($"epochs={history.Epochs.Count}");
            string Counts(Msmla.Core.Metrics.ConfusionMatrix m) =>
                string.Join(",", Enumerable.Range(0, 17 * 17).Select(i => m[i / 17, i % 17]));
            Console.WriteLine($"trained={Counts(test.ConfusionMatrix)}");
            Console.WriteLine($"reloaded={Counts(again.ConfusionMatrix)}");
            Console.WriteLine($"truth={string.Join(",", again.Predictions.TrueLabels!)}");
            Console.WriteLine($"predicted={string.Join(",", again.Predictions.Labels)}");
            """);

        ProcessOutcome build = Run(app, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, $"the console app does not build against the packages: {build}");
        // NuGet resolved the packages' assets of the app's framework (each package has lib/net8.0 and lib/net10.0).
        string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        foreach (string library in new[] { "Msmla.Core", "Msmla.Models", "Msmla.Data", "Msmla.Plotting" })
            Assert.Contains($"\"lib/{framework}/{library}.dll\"", assets, StringComparison.Ordinal);
        string results = Directory.CreateDirectory(Path.Combine(app, "results")).FullName;
        ProcessOutcome run = Run(app, "run", "-c", "Release", "--no-build", "--", results);
        Assert.True(run.ExitCode == 0, $"the console app failed: {run}");

        string Line(string key) => run.StandardOutput.Split('\n').Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        Assert.Equal("1", Line("epochs"));
        // The reloaded model (weights and sidecar with its input pipeline, read back by LczClassifier) classifies the test
        // patches exactly as the trained model in memory did.
        Assert.Equal(Line("trained"), Line("reloaded"));
        // The confusion matrix printed by the app against one counted here from its labels (an independent count).
        int[] truth = Line("truth").Split(',').Select(int.Parse).ToArray();
        int[] predicted = Line("predicted").Split(',').Select(int.Parse).ToArray();
        Assert.Equal(340, truth.Length);
        var counts = new long[17 * 17];
        for (int i = 0; i < truth.Length; i++) counts[truth[i] * 17 + predicted[i]]++;
        Assert.Equal(string.Join(",", counts.Select(c => c.ToString(CultureInfo.InvariantCulture))), Line("reloaded"));
        // One epoch of MSMLA-18 on the synthetic classes learns something: well above chance (1/17) on held-out patches.
        double accuracy = truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.True(accuracy > 2.0 / 17, $"held-out accuracy {accuracy:P1} after one epoch");

        PngImage matrix = PngImage.Read(Path.Combine(results, "confusion-matrix.png"));
        Assert.Equal((600, 500), (matrix.Width, matrix.Height));
        PngImage curves = PngImage.Read(Path.Combine(results, "learning-curves.png"));
        Assert.Equal((600, 300), (curves.Width, curves.Height));
    }

    private ProcessOutcome Run(string directory, params string[] arguments)
    {
        ProcessStartInfo info = _feed.Consumer(directory, arguments);
        return TestProcess.Run(info, TestProcess.BuildTimeout);
    }
}
