using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Msmla.Core.Runtime;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// A .NET 10 file-based app (<c>dotnet run app.cs</c>) that references Msmla.Core by project, so no build-time patch
/// applies. It builds into its own artifacts path in the temporary directory (not the repository's bin/ and obj/, which
/// the solution build may be writing), and the entry the SDK keeps for it in the user's file-based-app cache is removed
/// afterwards (about 1 GB per run otherwise, under a new name each run).
/// </summary>
public class FileBasedAppTests
{
    [Fact]
    public void Dotnet_run_app_cs_works_through_EnsureLoaded()
    {
        string root = typeof(FileBasedAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        using var build = RepositoryBuildLock.Acquire();
        using var work = TestPaths.CreateTemporaryDirectory();
        // A name of its own, so that its cache entry is recognised whatever the SDK hashes into the rest of the name.
        string name = "msmla-app-" + Guid.NewGuid().ToString("N");
        string core = Path.Combine(root, "src", "Msmla.Core", "Msmla.Core.csproj");
        File.WriteAllText(work.File(name + ".cs"), $"""
            #:package TorchSharp-cpu@0.107.0
            #:project {core}
            var status = Msmla.Core.Runtime.TorchRuntime.EnsureLoaded();
            System.Console.WriteLine($"action={"{"}status.Action{"}"}");
            System.Console.WriteLine($"sum={"{"}TorchSharp.torch.arange(12, TorchSharp.torch.ScalarType.Float32).sum().item<float>(){"}"}");
            """);
        string artifacts = work.File("artifacts");
        ProcessStartInfo info = TestProcess.StartInfo(TestProcess.Dotnet, new[] { "run", "--artifacts-path", artifacts, name + ".cs" }, work.Path);
        info.Environment[TorchRuntime.CacheDirectoryVariable] = work.File("native-cache");
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        ProcessOutcome outcome;
        string[] removed;
        try
        {
            outcome = TestProcess.Run(info, TestProcess.BuildTimeout);
        }
        finally
        {
            removed = FileBasedAppCache.Remove(name);
        }

        Assert.True(outcome.ExitCode == 0, $"dotnet run {name}.cs failed: {outcome}");
        bool lacks = OperatingSystem.IsLinux() && HostLibStdCxx.Locate() is string lib && !HostLibStdCxx.ReadVersions(lib).Contains("GLIBCXX_3.4.32");
        Assert.Contains($"action={(lacks ? TorchRuntimeAction.Patched : TorchRuntimeAction.NotRequired)}", outcome.StandardOutput);
        Assert.Contains("sum=66", outcome.StandardOutput);
        // The build went to the artifacts path (removed with the temporary directory); the SDK's own entry for the app
        // was found (so the cleanup looks in the right place) and removed.
        Assert.True(Directory.Exists(Path.Combine(artifacts, "bin")), $"nothing was built under {artifacts}: {outcome}");
        Assert.True(removed.Length > 0, $"No entry for {name} in the file-based app cache ({string.Join(", ", FileBasedAppCache.Roots)}): has the SDK moved it?");
        Assert.Empty(FileBasedAppCache.Entries(name));
    }
}
