using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;

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
        Skip.IfNot(File.Exists(package), $"{package} is not in the NuGet cache.");
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = zip.GetEntry(LibraryEntry) ?? throw new InvalidOperationException($"{LibraryEntry} missing from {package}");
        using Stream stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Runs readelf (binutils) and returns its output; skips the test when readelf is absent.</summary>
    public static string ReadElf(params string[] arguments)
    {
        string? readelf = new[] { "/usr/bin/readelf", "/bin/readelf" }.FirstOrDefault(File.Exists);
        Skip.If(readelf == null, "readelf (binutils) is not installed; it is the independent reference for the ELF reader.");
        var info = new ProcessStartInfo(readelf!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["LC_ALL"] = "C";
        foreach (string a in arguments) info.ArgumentList.Add(a);
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return stdout.Result;
    }
}
