using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// The .NET SDK's cache of file-based apps (<c>dotnet run app.cs</c>): one directory per app, named
/// <c>&lt;file name&gt;-&lt;hash of its path&gt;</c>, under ~/.local/share/dotnet/runfile (the SDK 10.0.1xx used the temporary
/// directory). It outlives the app's own directory, so the tests remove the entries of the apps they ran.
/// </summary>
internal static class FileBasedAppCache
{
    /// <summary>The directories the SDK keeps the entries in.</summary>
    public static IReadOnlyList<string> Roots { get; } = new[]
    {
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "dotnet", "runfile"),
        Path.Combine(Path.GetTempPath(), "dotnet", "runfile"),
    };

    /// <summary>The cache entries of the app whose file is named <paramref name="name"/>.cs.</summary>
    public static string[] Entries(string name) =>
        Roots.Where(Directory.Exists).SelectMany(root => Directory.GetDirectories(root, name + "-*")).ToArray();

    /// <summary>Deletes the entries of the app <paramref name="name"/>.cs and returns the directories it deleted.</summary>
    public static string[] Remove(string name)
    {
        string[] entries = Entries(name);
        foreach (string entry in entries) Directory.Delete(entry, recursive: true);
        return entries;
    }
}
