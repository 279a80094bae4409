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
        Requirement.Host(File.Exists(torchSharp), $"{torchSharp} is not in the NuGet cache (restoring the tests puts it there).");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = RunHost(torchSharp, cache.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExpectedAction.ToString(), result.Values["action"]);
        AssertReferenceGradient(result);
        if (HostLacksMarkerVersion) Assert.StartsWith(cache.Path, result.Values["library"]);
        // The NuGet cache keeps the published bytes.
        Assert.Equal(NativeTestFiles.PublishedLibTorchSharp(), File.ReadAllBytes(NativeTestFiles.CachedLibTorchSharp));
    }

    [SkippableFact]
    public void App_layout_with_an_unpatched_library_is_patched_at_run_time_and_the_cache_is_reused()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "Linux only: the app layout holds the Linux native library.");
        using var app = CreateAppLayout();
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult first = RunHost(app.File("TorchSharp.dll"), cache.Path);
        HostResult second = RunHost(app.File("TorchSharp.dll"), cache.Path);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(ExpectedAction.ToString(), first.Values["action"]);
        AssertReferenceGradient(first);
        Assert.Equal(first.Values["library"], second.Values["library"]);
        Assert.True(Directory.GetDirectories(cache.Path).Length <= 1);
    }

    [SkippableFact]
    public void Without_the_patch_TorchSharp_loads_only_when_the_host_has_GLIBCXX_3_4_32()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "Linux only: the app layout holds the Linux native library.");
        using var app = CreateAppLayout();
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = RunHost(app.File("TorchSharp.dll"), cache.Path, disablePatch: true);

        // Exit code 2: the host caught the load failure; 0: TorchSharp loaded and computed.
        Assert.True(result.ExitCode == (HostLacksMarkerVersion ? 2 : 0), $"exit {result.ExitCode} with HostLacksMarkerVersion = {HostLacksMarkerVersion}:\n{result.Output}");
        Assert.Equal(nameof(TorchRuntimeAction.Disabled), result.Values["action"]);
        if (!HostLacksMarkerVersion) AssertReferenceGradient(result);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    [SkippableFact]
    public void The_build_patched_this_projects_copy_and_not_the_NuGet_cache()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "Linux only: the build patches the Linux native library.");
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

    /// <summary>
    /// The host's gradient against the value computed by hand: with all-ones input [2, 3, 8, 8], padding 1 and weights
    /// w[o, c, i, j] = k / 108 - 0.5, d sum(conv(x)) / dx summed over x is 2 * sum w[o, c, i, j] * (8 - |i - 1|) * (8 - |j - 1|),
    /// the number of output positions each kernel tap sees. No random generator is involved (the process-wide one is
    /// shared with the tests running in parallel).
    /// </summary>
    private static void AssertReferenceGradient(HostResult result)
    {
        double expected = 0;
        for (int k = 0; k < 108; k++)
        {
            int i = k / 3 % 3, j = k % 3;
            expected += (k / 108.0 - 0.5) * (8 - Math.Abs(i - 1)) * (8 - Math.Abs(j - 1));
        }
        expected *= 2;
        double actual = double.Parse(result.Values["gradient"], CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Abs(expected), $"gradient {actual} in the host, {expected} by hand");
    }

    /// <summary>An application-like folder: TorchSharp.dll with the published (unpatched) native library beside links to libtorch.</summary>
    private static TemporaryDirectory CreateAppLayout()
    {
        string libtorch = Path.Combine(NativeTestFiles.PackagesRoot, "libtorch-cpu-linux-x64", LibTorchVersion, "runtimes", "linux-x64", "native");
        Requirement.Host(Directory.Exists(libtorch), $"{libtorch} is not in the NuGet cache (restoring the tests puts it there).");
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
