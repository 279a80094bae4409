using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;

/// <summary>Real ELF files for the native-patch tests, read from their original sources.</summary>
internal static class NativeTestFiles
{
    private const string TorchSharpVersion = "0.107.0";
    private const string LibraryEntry = "runtimes/linux-x64/native/libLibTorchSharp.so";

    /// <summary>The NuGet global packages folder.</summary>
    public static string PackagesRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The TorchSharp package directory in the NuGet cache.</summary>
    public static string TorchSharpPackage => Path.Combine(PackagesRoot, "torchsharp", TorchSharpVersion);

    /// <summary>The NuGet-cache copy of libLibTorchSharp.so (never modified by the tests).</summary>
    public static string CachedLibTorchSharp => Path.Combine(TorchSharpPackage, LibraryEntry);

    /// <summary>
    /// The bytes of libLibTorchSharp.so as published, read from the .nupkg archive itself: an
    /// independent reference for "the NuGet cache was not modified".
    /// </summary>
    public static byte[] PublishedLibTorchSharp()
    {
        string package = Path.Combine(TorchSharpPackage, $"torchsharp.{TorchSharpVersion}.nupkg");
        Requirement.Host(File.Exists(package), $"{package} is not in the NuGet cache (restoring the tests puts it there).");
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = zip.GetEntry(LibraryEntry) ?? throw new InvalidOperationException($"{LibraryEntry} missing from {package}");
        using Stream stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Runs readelf (binutils) and returns its output; skips the test (fails it in CI) when readelf is absent.</summary>
    public static string ReadElf(params string[] arguments)
    {
        string readelf = Requirement.Tool("readelf", "binutils");
        ProcessStartInfo info = TestProcess.StartInfo(readelf, arguments);
        info.Environment["LC_ALL"] = "C";
        ProcessOutcome outcome = TestProcess.Run(info, TestProcess.ShortTimeout);
        Assert.True(outcome.ExitCode == 0, $"readelf {string.Join(' ', arguments)} failed: {outcome}");
        return outcome.StandardOutput;
    }
}
