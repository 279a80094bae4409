using System;
using System.IO;

namespace Msmla.Tests.Shared;

/// <summary>Locations the tests need: the repository root and the third-party assets in ../shared/assets.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the directory holding Msmla.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// The shared third-party assets directory (../shared/assets next to the repository, or the
    /// MSMLA_SHARED_ASSETS environment variable), or null when it is absent.
    /// </summary>
    public static string? SharedAssets
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("MSMLA_SHARED_ASSETS");
            if (!string.IsNullOrEmpty(configured)) return Directory.Exists(configured) ? configured : null;
            string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "assets"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    /// <summary>The path of a shared asset; skips the calling test (with the reason) when it is absent.</summary>
    public static string RequireSharedAsset(string fileName)
    {
        string? directory = SharedAssets;
        Skip.If(directory == null, $"The shared assets directory (../shared/assets beside the repository, or MSMLA_SHARED_ASSETS) is absent, so {fileName} cannot be read.");
        string path = Path.Combine(directory!, fileName);
        Skip.IfNot(File.Exists(path), $"Shared asset {path} is absent.");
        return path;
    }

    /// <summary>A new empty temporary directory, deleted when the returned handle is disposed.</summary>
    public static TemporaryDirectory CreateTemporaryDirectory() => new();

    private static string FindRepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory != null)
        {
            if (File.Exists(Path.Combine(directory, "Msmla.sln"))) return directory;
            directory = Path.GetDirectoryName(directory);
        }
        throw new InvalidOperationException($"Msmla.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "msmla-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
