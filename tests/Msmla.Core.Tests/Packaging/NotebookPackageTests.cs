using System;
using System.IO;
using System.Linq;
using Msmla.Plotting.Tests.Support;

namespace Msmla.Core.Tests.Packaging;

/// <summary>
/// The packages in a notebook, restored cell by cell with <c>#r "nuget: ..."</c> from the folder feed. TorchSharp depends
/// on SkiaSharp 2.88.6 and ScottPlot (Msmla.Plotting) on 3.119.0; .NET Interactive resolves each cell's packages on
/// their own and loads the SkiaSharp of the first cell at once (its interactive extension), so before Msmla.Core pinned
/// SkiaSharp 3.119.0 a later Msmla.Plotting cell failed with "The version of the native libSkiaSharp library (119.0) is
/// incompatible with this version of SkiaSharp".
/// </summary>
[Collection(LibraryFeedCollection.Name)]
public class NotebookPackageTests
{
    // Notebook code that defines Show(png): publishes PNG bytes as an image output of the cell.
    private const string ShowPng =
        "void Show(byte[] png) { var context = Microsoft.DotNet.Interactive.KernelInvocationContext.Current; " +
        "context.Publish(new Microsoft.DotNet.Interactive.Events.DisplayedValueProduced(png, context.Command, " +
        "new[] { new Microsoft.DotNet.Interactive.Formatting.FormattedValue(\"image/png\", Convert.ToBase64String(png)) })); }";

    private readonly LibraryFeed _feed;

    public NotebookPackageTests(LibraryFeed feed) => _feed = feed;

    [SkippableFact]
    public void Msmla_Plotting_in_a_later_cell_than_TorchSharp_and_Msmla_Models_renders_a_plot()
    {
        string work = Directory.CreateDirectory(Path.Combine(_feed.Root, "cell-order")).FullName;
        string notebook = Path.Combine(work, "cell-order.dib");
        File.WriteAllText(notebook, $$"""
            #!csharp
            #i "nuget: {{_feed.Feed}}"
            #r "nuget: TorchSharp-cpu, 0.107.0"
            #r "nuget: Msmla.Models, {{_feed.Version}}"

            #!csharp
            using System.Linq;
            using Msmla.Models.Inference;
            Msmla.Core.Runtime.TorchRuntime.EnsureLoaded();
            var model = Msmla.Models.LczModels.Create(Msmla.Models.LczArchitecture.Msmla18, new Msmla.Models.LczModelOptions { PatchSize = 16, Seed = 1 });
            model.eval();
            var prediction = model.Predict(TorchSharp.torch.rand(8, 10, 16, 16));
            var matrix = new Msmla.Core.Metrics.ConfusionMatrix(17);
            matrix.Add(new[] { 0, 1, 2, 3, 4, 5, 6, 7 }, prediction.Labels.ToArray());
            Console.WriteLine($"predicted={prediction.Count}");

            #!csharp
            #r "nuget: Msmla.Plotting, {{_feed.Version}}"

            #!csharp
            Console.WriteLine($"skia={typeof(SkiaSharp.SKBitmap).Assembly.GetName().Version}");
            {{ShowPng}}
            Show(new Msmla.Plotting.ConfusionMatrixPlot(matrix).ToPng(500, 400));
            """);

        ExecutedNotebook run = NotebookRunner.Run(notebook, work, work);

        run.AssertNoErrors("TorchSharp and Msmla.Models in the first cell, Msmla.Plotting in a later one");
        Assert.Contains("predicted=8", run.Text(1), StringComparison.Ordinal);
        Assert.Contains("skia=3.119.0.0", run.Text(3), StringComparison.Ordinal);
        PngImage image = PngImage.Decode(Assert.Single(run.Images(3)));
        Assert.Equal((500, 400), (image.Width, image.Height));
    }

    [SkippableFact]
    public void Msmla_Plotting_in_a_later_cell_than_TorchSharp_alone_draws_every_plot_with_the_SkiaSharp_it_needs()
    {
        // TorchSharp alone first: its SkiaSharp 2.88 is loaded and stays bound, so the plots are drawn in a load
        // context of their own (Msmla.Plotting's SkiaSharpIsolation).
        string work = Directory.CreateDirectory(Path.Combine(_feed.Root, "torchsharp-first")).FullName;
        string notebook = Path.Combine(work, "torchsharp-first.dib");
        File.WriteAllText(notebook, $$"""
            #!csharp
            #r "nuget: TorchSharp-cpu, 0.107.0"

            #!csharp
            Console.WriteLine("loaded=" + string.Join(",", AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "SkiaSharp").Select(a => a.GetName().Version)));

            #!csharp
            #i "nuget: {{_feed.Feed}}"
            #r "nuget: Msmla.Plotting, {{_feed.Version}}"

            #!csharp
            using Msmla.Core.Metrics;
            using Msmla.Plotting;
            var matrix = new ConfusionMatrix(17);
            for (int i = 0; i < 17; i++) matrix.Add(i, i, 10);
            var curves = new LearningCurves(new[]
            {
                new LearningCurve("loss", LearningCurvePanel.Loss, LearningCurveSeries.Training, new[] { new LearningCurvePoint(1, 1.0), new LearningCurvePoint(2, 0.5) }),
            }, bestEpoch: 2);
            var codes = new byte[40 * 30];
            for (int i = 0; i < codes.Length; i++) codes[i] = (byte)(i < 600 ? 1 : 11);
            var images = new[]
            {
                new ConfusionMatrixPlot(matrix, options: new ConfusionMatrixPlotOptions { Title = "TorchSharp first" }).ToPng(500, 400),
                new LearningCurvePlot(curves, new LearningCurvePlotOptions { Title = "Loss" }).ToPng(600, 300),
                new LczMapPlot(codes, 40, 30, options: new LczMapPlotOptions { Title = "Map" }).ToPng(400, 300),
            };
            Console.WriteLine($"bound={typeof(SkiaSharp.SKColor).Assembly.GetName().Version}");
            {{ShowPng}}
            foreach (byte[] png in images) Show(png);
            """);

        ExecutedNotebook run = NotebookRunner.Run(notebook, work, work);

        run.AssertNoErrors("TorchSharp alone in the first cell, Msmla.Plotting in a later one");
        Assert.Contains("loaded=2.88.0.0", run.Text(1), StringComparison.Ordinal);
        Assert.Contains("bound=2.88.0.0", run.Text(3), StringComparison.Ordinal);
        PngImage[] images = run.Images(3).Select(PngImage.Decode).ToArray();
        Assert.Equal(new[] { (500, 400), (600, 300), (400, 300) }, images.Select(i => (i.Width, i.Height)));
        Assert.True(images[0].Count("#08306B") > 1000, "the confusion matrix has no full-recall cell");
        Assert.True(images[2].Count("#8C0000") > 1000 && images[2].Count("#006A00") > 1000, "the map does not show LCZ 1 and LCZ A in their colours");
    }
}
