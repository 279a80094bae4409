using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Msmla.Core.Tests.Runtime;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Packaging;

/// <summary>
/// The samples of samples/ run as written against the freshly packed feed: copied into samples/ of a copy of the
/// repository's layout (its build files, packages/ the feed), with only the version of the Msmla packages moved to the feed's.
/// </summary>
[Collection(LibraryFeedCollection.Name)]
public class SampleTests
{
    private readonly LibraryFeed _feed;

    public SampleTests(LibraryFeed feed) => _feed = feed;

    [SkippableFact]
    public void The_quickstart_notebook_runs_without_errors_and_shows_its_three_plots()
    {
        string notebook = CopySample("quickstart.ipynb", "quickstart.ipynb");
        ExecutedNotebook run = NotebookRunner.Run(notebook, Path.GetDirectoryName(notebook)!, Directory.CreateDirectory(Path.Combine(_feed.Root, "notebook-state")).FullName);

        run.AssertNoErrors("samples/quickstart.ipynb");
        // Every code cell ran.
        int last = run.CodeCells.Count - 1;
        Assert.All(Enumerable.Range(0, run.CodeCells.Count), i => Assert.True(run.CodeCells[i].GetProperty("metadata").TryGetProperty("dotnet_repl_cellExecutionEndTime", out _), $"cell {i} did not run"));
        Assert.Contains("training patches of 10 x 16 x 16", run.Text(3), StringComparison.Ordinal);
        // The plots: the cells that show them each have exactly one PNG, decoded by the tests' own PNG decoder, of the size asked for.
        var sizes = Enumerable.Range(0, run.CodeCells.Count).Where(i => run.Images(i).Count > 0)
            .Select(i => (Cell: i, Images: run.Images(i).Select(PngImage.Decode).ToList())).ToList();
        Assert.True(sizes.Count == 3, $"expected the confusion matrix, the learning curves and the map as image/png outputs of three cells; got {sizes.Count}");
        Assert.All(sizes, s => Assert.Single(s.Images));
        Assert.Equal(new[] { (900, 800), (900, 450), (900, 650) }, sizes.Select(s => (s.Images[0].Width, s.Images[0].Height)));
        Assert.Contains("reloaded model: OA", string.Concat(Enumerable.Range(0, last).Select(run.Text)), StringComparison.Ordinal);
        Assert.Contains("pretrained Sen2LCZ-Net-MF: 64 patches classified", string.Concat(Enumerable.Range(0, last).Select(run.Text)), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_quickstart_file_based_app_runs_and_writes_its_model_map_and_plots()
    {
        // A name of its own, so that the SDK's cache entry for it is recognised and removed.
        string name = "quickstart-" + Guid.NewGuid().ToString("N");
        string app = CopySample("quickstart.cs", name + ".cs");
        string temporary = Directory.CreateDirectory(Path.Combine(_feed.Root, "tmp")).FullName;
        ProcessStartInfo start = _feed.Consumer(Path.GetDirectoryName(app)!, new[] { "run", "--artifacts-path", Path.Combine(_feed.Root, "artifacts-" + name), Path.GetFileName(app) });
        ProcessOutcome outcome;
        try
        {
            outcome = TestProcess.Run(start, TestProcess.BuildTimeout);
        }
        finally
        {
            FileBasedAppCache.Remove(name);
        }

        Assert.True(outcome.ExitCode == 0, $"dotnet run samples/quickstart.cs failed: {outcome}");
        string written = outcome.StandardOutput.Split('\n').Single(l => l.StartsWith("Wrote the model, the map and the plots to ", StringComparison.Ordinal))["Wrote the model, the map and the plots to ".Length..].Trim();
        Assert.StartsWith(temporary, written, StringComparison.Ordinal);
        foreach (string file in new[] { "model.dat", "model.dat.json", "lcz-map.tif" })
            Assert.True(File.Exists(Path.Combine(written, file)), $"quickstart.cs did not write {file}: {outcome}");
        // The map as GDAL reads it: 320 x 240 scene pixels in cells of 10.
        ProcessOutcome info = TestProcess.Run(TestProcess.StartInfo(Requirement.Tool("gdalinfo", "gdal-bin"), new[] { Path.Combine(written, "lcz-map.tif") }), TestProcess.ShortTimeout);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("Size is 32, 24", info.StandardOutput, StringComparison.Ordinal);
        foreach (string plot in new[] { "confusion-matrix.png", "learning-curves.png", "lcz-map.png" })
            Assert.True(PngImage.Read(Path.Combine(written, plot)).Width > 0, plot);
        Assert.Contains("reloaded model: OA", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("pretrained Sen2LCZ-Net-MF: 64 patches classified", outcome.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Copies a sample into samples/ beside the feed, with the Msmla packages at the feed's version.</summary>
    private string CopySample(string sample, string name)
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "samples", sample));
        string target = Path.Combine(_feed.RepositoryLayout(), "samples", name);
        File.WriteAllText(target, _feed.WithFeedVersion(text, "samples/" + sample));
        return target;
    }
}
