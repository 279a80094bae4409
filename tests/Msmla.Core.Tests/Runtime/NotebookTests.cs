using System;
using System.IO;
using Msmla.Core.Runtime;
using Msmla.Core.Tests.Packaging;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// Runs a real .NET Interactive notebook (the Polyglot Notebooks kernel, driven by dotnet-repl from the repository's
/// tool manifest) that references TorchSharp-cpu and loads Msmla.Core.dll by path, so only the run-time native fix applies.
/// </summary>
public class NotebookTests
{
    [SkippableFact]
    public void A_polyglot_notebook_runs_TorchSharp_after_EnsureLoaded()
    {
        using var work = TestPaths.CreateTemporaryDirectory();
        string core = Path.Combine(AppContext.BaseDirectory, "Msmla.Core.dll");
        File.WriteAllText(work.File("notebook.dib"), $"""
            #!csharp
            #r "nuget: TorchSharp-cpu, 0.107.0"
            #r "nuget: Microsoft.Extensions.Logging.Abstractions, 8.0.3"
            #r "{core}"

            #!csharp
            var status = Msmla.Core.Runtime.TorchRuntime.EnsureLoaded();
            Console.WriteLine($"action={"{"}status.Action{"}"}");
            var x = TorchSharp.torch.arange(12, TorchSharp.torch.ScalarType.Float32).reshape(3, 4);
            Console.WriteLine($"sum={"{"}x.sum().item<float>(){"}"}");
            """);

        ExecutedNotebook run = NotebookRunner.Run(work.File("notebook.dib"), work.Path, work.Path);

        run.AssertNoErrors("the notebook");
        string printed = run.Text(1);
        string expectedAction = HostLacksMarkerVersion() ? nameof(TorchRuntimeAction.Patched) : nameof(TorchRuntimeAction.NotRequired);
        Assert.Contains($"action={expectedAction}", printed);
        Assert.Contains("sum=66", printed);
    }

    private static bool HostLacksMarkerVersion() =>
        OperatingSystem.IsLinux() && HostLibStdCxx.Locate() is string lib && !HostLibStdCxx.ReadVersions(lib).Contains("GLIBCXX_3.4.32");
}
