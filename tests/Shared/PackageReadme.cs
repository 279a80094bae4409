using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Msmla.Tests.Shared;

/// <summary>The README packed in a nupkg, and the checks that it is the package's own (tests of the library and tool packages).</summary>
internal static class PackageReadme
{
    /// <summary>The README a nupkg's nuspec names (its &lt;readme&gt; element), read from the package.</summary>
    public static string Read(string nupkg)
    {
        using ZipArchive archive = ZipFile.OpenRead(nupkg);
        ZipArchiveEntry nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        XDocument document;
        using (Stream stream = nuspec.Open()) document = XDocument.Load(stream);
        string? named = document.Descendants().SingleOrDefault(e => e.Name.LocalName == "readme")?.Value;
        Assert.True(named != null, $"{nupkg}: the nuspec names no readme");
        ZipArchiveEntry entry = archive.GetEntry(named!.Replace('\\', '/')) ?? throw new InvalidOperationException($"{nupkg}: {named} is not in the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The README is the package's own (its title names the package; it is short and not the repository's) and links only to absolute URLs.</summary>
    public static void AssertOwn(string id, string readme, string repositoryReadme)
    {
        string title = readme.Split('\n')[0];
        Assert.True(title.StartsWith("# " + id, StringComparison.Ordinal), $"{id}: the README starts with '{title}'");
        Assert.NotEqual(repositoryReadme, readme);
        Assert.True(readme.Length < 6_000, $"{id}: the README has {readme.Length} characters; a package README is short");
        var links = Regex.Matches(readme, @"\]\(([^)\s]+)\)|(?:href|src)\s*=\s*""([^""]+)""").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(link.StartsWith("https://", StringComparison.Ordinal), $"{id}: relative or non-https link '{link}'"));
        Assert.Contains("https://github.com/msmla/msmla", readme, StringComparison.Ordinal);
    }
}
