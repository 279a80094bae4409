using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Runtime;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// Runs a real .NET Interactive notebook (the Polyglot Notebooks kernel, driven by the dotnet-repl tool
/// from NuGet) that references TorchSharp-cpu and Msmla.Core the way a notebook user does.
/// </summary>
public class NotebookTests
{
    [SkippableFact]
    public void A_polyglot_notebook_runs_TorchSharp_after_EnsureLoaded()
    {
        using var work = TestPaths.CreateTemporaryDirectory();
        string tools = work.File("tools");
        var install = Run(work.Path, TestProcess.Dotnet, "tool", "install", "dotnet-repl", "--version", "0.3.259", "--tool-path", tools);
        Requirement.Peer(install.ExitCode == 0, $"dotnet-repl (the notebook runner) could not be installed from nuget.org:\n{install.Output}", "nuget.org");

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
        string output = work.File("out.ipynb");

        var run = Run(work.Path, Path.Combine(tools, "dotnet-repl"), "--run", work.File("notebook.dib"), "--exit-after-run",
            "--output-format", "ipynb", "--output-path", output);

        string notebook = File.Exists(output) ? File.ReadAllText(output) : "";
        Assert.True(run.ExitCode == 0, $"notebook failed ({run.ExitCode}):\n{run.Output}\n{notebook}");
        string printed = string.Join("", JsonDocument.Parse(notebook).RootElement.GetProperty("cells")[1].GetProperty("outputs")[0].GetProperty("text").EnumerateArray().Select(e => e.GetString()));
        string expectedAction = HostLacksMarkerVersion() ? nameof(TorchRuntimeAction.Patched) : nameof(TorchRuntimeAction.NotRequired);
        Assert.Contains($"action={expectedAction}", printed);
        Assert.Contains("sum=66", printed);
    }

    private static bool HostLacksMarkerVersion() =>
        OperatingSystem.IsLinux() && HostLibStdCxx.Locate() is string lib && !HostLibStdCxx.ReadVersions(lib).Contains("GLIBCXX_3.4.32");

    private static (int ExitCode, string Output) Run(string directory, string program, params string[] arguments)
    {
        ProcessStartInfo info = TestProcess.StartInfo(program, arguments, directory);
        // dotnet-repl targets an older .NET; let it run on the installed one.
        info.Environment["DOTNET_ROLL_FORWARD"] = "Major";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment[TorchRuntime.CacheDirectoryVariable] = Path.Combine(directory, "native-cache");
        // The notebook kernel keeps state in the home directory (~/.packagemanagement, NuGet's caches): give it one in the
        // temporary directory, with a packages folder of its own that falls back to the user's (read only, no download).
        info.Environment["NUGET_FALLBACK_PACKAGES"] = TorchSharpWorkarounds.NativeLoad.NativeTestFiles.PackagesRoot;
        info.Environment["NUGET_PACKAGES"] = Path.Combine(directory, "packages");
        info.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(directory, "home")).FullName;
        info.Environment["DOTNET_CLI_HOME"] = Path.Combine(directory, "home");
        ProcessOutcome outcome = TestProcess.Run(info, TimeSpan.FromMinutes(10));
        return (outcome.ExitCode, outcome.StandardOutput + outcome.StandardError);
    }
}
