using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Msmla.Core.Runtime;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>A .NET 10 file-based app (<c>dotnet run app.cs</c>) that references Msmla.Core by project, so no build-time patch applies.</summary>
public class FileBasedAppTests
{
    [SkippableFact]
    public void Dotnet_run_app_cs_works_through_EnsureLoaded()
    {
        string root = typeof(FileBasedAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        using var build = RepositoryBuildLock.Acquire();
        using var work = TestPaths.CreateTemporaryDirectory();
        string core = Path.Combine(root, "src", "Msmla.Core", "Msmla.Core.csproj");
        File.WriteAllText(work.File("app.cs"), $"""
            #:package TorchSharp-cpu@0.107.0
            #:project {core}
            var status = Msmla.Core.Runtime.TorchRuntime.EnsureLoaded();
            System.Console.WriteLine($"action={"{"}status.Action{"}"}");
            System.Console.WriteLine($"sum={"{"}TorchSharp.torch.arange(12, TorchSharp.torch.ScalarType.Float32).sum().item<float>(){"}"}");
            """);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } configured ? configured : "dotnet";
        var info = new ProcessStartInfo(dotnet) { WorkingDirectory = work.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("run");
        info.ArgumentList.Add("app.cs");
        info.Environment[TorchRuntime.CacheDirectoryVariable] = work.File("native-cache");
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, $"dotnet run app.cs failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        bool lacks = OperatingSystem.IsLinux() && HostLibStdCxx.Locate() is string lib && !HostLibStdCxx.ReadVersions(lib).Contains("GLIBCXX_3.4.32");
        Assert.Contains($"action={(lacks ? TorchRuntimeAction.Patched : TorchRuntimeAction.NotRequired)}", stdout);
        Assert.Contains("sum=66", stdout);
    }
}
