using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Msmla.Core.Runtime;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// TorchRuntime.EnsureLoaded in fresh processes that load TorchSharp as notebooks do (no build output
/// of their own, so no build-time patch), and the build-time patch of this test project's output.
/// </summary>
public class TorchRuntimeTests
{
    private static readonly string HostLibStdCxxPath = HostLibStdCxx.Locate() ?? "";

    private static bool HostLacksMarkerVersion =>
        OperatingSystem.IsLinux() && HostLibStdCxxPath.Length > 0 && !HostLibStdCxx.ReadVersions(HostLibStdCxxPath).Contains("GLIBCXX_3.4.32");

    private static TorchRuntimeAction ExpectedAction => HostLacksMarkerVersion ? TorchRuntimeAction.Patched : TorchRuntimeAction.NotRequired;

    [SkippableFact]
    public void Notebook_layout_loads_TorchSharp_from_the_NuGet_cache_and_computes_gradients()
    {
        string torchSharp = Path.Combine(NativeTestFiles.TorchSharpPackage, "lib", "net8.0", "TorchSharp.dll");
        Skip.IfNot(File.Exists(torchSharp), $"{torchSharp} is not in the NuGet cache.");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = RunHost(torchSharp, cache.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExpectedAction.ToString(), result.Values["action"]);
        Assert.Equal(ReferenceGradient(), float.Parse(result.Values["gradient"], CultureInfo.InvariantCulture), 4);
        if (HostLacksMarkerVersion) Assert.StartsWith(cache.Path, result.Values["library"]);
        // The NuGet cache keeps the published bytes.
        Assert.Equal(NativeTestFiles.PublishedLibTorchSharp(), File.ReadAllBytes(NativeTestFiles.CachedLibTorchSharp));
    }

    [SkippableFact]
    public void App_layout_with_an_unpatched_library_is_patched_at_run_time_and_the_cache_is_reused()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only.");
        using var app = CreateAppLayout();
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult first = RunHost(app.File("TorchSharp.dll"), cache.Path);
        HostResult second = RunHost(app.File("TorchSharp.dll"), cache.Path);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(ExpectedAction.ToString(), first.Values["action"]);
        Assert.Equal(ReferenceGradient(), float.Parse(first.Values["gradient"], CultureInfo.InvariantCulture), 4);
        Assert.Equal(first.Values["library"], second.Values["library"]);
        Assert.True(Directory.GetDirectories(cache.Path).Length <= 1);
    }

    [SkippableFact]
    public void Without_the_patch_TorchSharp_fails_to_load_on_this_host()
    {
        Skip.IfNot(HostLacksMarkerVersion, "This host's libstdc++ has GLIBCXX_3.4.32, so TorchSharp loads unpatched.");
        using var app = CreateAppLayout();
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = RunHost(app.File("TorchSharp.dll"), cache.Path, disablePatch: true);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(nameof(TorchRuntimeAction.Disabled), result.Values["action"]);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    [SkippableFact]
    public void The_build_patched_this_projects_copy_and_not_the_NuGet_cache()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only.");
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        byte[] published = NativeTestFiles.PublishedLibTorchSharp();

        bool weak = ElfImage.Parse(File.ReadAllBytes(output), output).VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.32").IsWeak;

        Assert.Equal(HostLacksMarkerVersion, weak);
        Assert.Equal(published, File.ReadAllBytes(NativeTestFiles.CachedLibTorchSharp));
    }

    [Fact]
    public void EnsureLoaded_is_idempotent_in_process()
    {
        TorchRuntimeStatus first = TorchRuntime.EnsureLoaded();
        TorchRuntimeStatus second = TorchRuntime.EnsureLoaded();
        Assert.Same(first, second);
        Assert.Same(first, TorchRuntime.Status);
    }

    /// <summary>The same computation as the host's, in this (build-patched) process.</summary>
    private static float ReferenceGradient()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        using var conv = nn.Conv2d(3, 4, 3, padding: 1);
        var input = ones(2, 3, 8, 8, requires_grad: true);
        conv.call(input).sum().backward();
        return input.grad!.sum().item<float>();
    }

    /// <summary>An application-like folder: TorchSharp.dll with the published (unpatched) native library beside links to libtorch.</summary>
    private static TemporaryDirectory CreateAppLayout()
    {
        string libtorch = Path.Combine(NativeTestFiles.PackagesRoot, "libtorch-cpu-linux-x64", LibTorchVersion, "runtimes", "linux-x64", "native");
        Skip.IfNot(Directory.Exists(libtorch), $"{libtorch} is not in the NuGet cache.");
        var app = TestPaths.CreateTemporaryDirectory();
        File.Copy(Path.Combine(NativeTestFiles.TorchSharpPackage, "lib", "net8.0", "TorchSharp.dll"), app.File("TorchSharp.dll"));
        string native = Directory.CreateDirectory(Path.Combine(app.Path, "runtimes", "linux-x64", "native")).FullName;
        File.WriteAllBytes(Path.Combine(native, "libLibTorchSharp.so"), NativeTestFiles.PublishedLibTorchSharp());
        foreach (string file in Directory.GetFiles(libtorch)) File.CreateSymbolicLink(Path.Combine(native, Path.GetFileName(file)), file);
        return app;
    }

    private static string LibTorchVersion =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Msmla.LibTorchVersion").Value!;

    private static HostResult RunHost(string torchSharp, string cache, bool disablePatch = false) =>
        CoreTestHost.Run(torchSharp, cache, disablePatch ? new Dictionary<string, string> { [TorchRuntime.DisableVariable] = "0" } : null);
}
