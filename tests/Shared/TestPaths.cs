using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

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

    /// <summary>
    /// The path of a shared asset; skips the calling test (fails it in CI, see <see cref="Requirement"/>) when it is
    /// absent. Recorded as a check of the peer "shared-assets".
    /// </summary>
    public static string RequireSharedAsset(string fileName)
    {
        string? directory = SharedAssets;
        string? path = directory == null ? null : Path.Combine(directory, fileName);
        Requirement.Peer(path != null && File.Exists(path),
            path == null
                ? $"The shared assets directory (../shared/assets beside the repository, or MSMLA_SHARED_ASSETS) is absent, so {fileName} cannot be read."
                : $"Shared asset {path} is absent.",
            "shared-assets");
        return path!;
    }

    /// <summary>
    /// The path of a shared reference document (../shared/docs beside the repository, or docs beside the directory in
    /// MSMLA_SHARED_ASSETS); skips the calling test (fails it in CI) when it is absent. Recorded as a check of "shared-docs".
    /// </summary>
    public static string RequireSharedDocument(string fileName)
    {
        var candidates = new List<string> { Path.Combine(RepositoryRoot, "..", "shared", "docs", fileName) };
        if (SharedAssets is string assets) candidates.Insert(0, Path.Combine(assets, "..", "docs", fileName));
        string? path = candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
        Requirement.Peer(path != null, $"The shared document {fileName} is absent (looked at {string.Join(", ", candidates.Select(Path.GetFullPath))}).", "shared-docs");
        return path!;
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
