using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Build;

/// <summary>
/// Every library package carries its own short README (not the repository's): packed with dotnet pack, each nupkg's
/// README.md is the one its nuspec names, starts with the package's id, and links only to absolute URLs. The tool's
/// package is checked the same way by tests/Msmla.Cli.Tests/ToolPackageTests.cs.
/// </summary>
public class PackageReadmeTests
{
    private static readonly string Root =
        typeof(PackageReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly string[] Libraries = { "Msmla.Core", "Msmla.Models", "Msmla.Data", "Msmla.Plotting", "Msmla.Models.Pretrained" };

    [SkippableFact]
    public void Each_library_package_has_its_own_README_with_absolute_links_only()
    {
        string weights = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");   // Msmla.Models.Pretrained packs it
        using var directory = TestPaths.CreateTemporaryDirectory();
        string filter = directory.File("libraries.slnf"), packages = directory.File("packages");
        File.WriteAllText(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(Root, "Msmla.sln"), projects = Libraries.Select(l => $"src/{l}/{l}.csproj").ToArray() },
        }));
        ProcessStartInfo pack = TestProcess.StartInfo(TestProcess.Dotnet,
            new[] { "pack", filter, "-c", "Release", "-o", packages, $"-p:ArtifactsPath={directory.File("artifacts")}",
                $"-p:MsmlaPretrainedAssets={Path.GetDirectoryName(weights)}" }, directory.Path);
        pack.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        ProcessOutcome packed = TestProcess.Run(pack, TestProcess.BuildTimeout);
        Assert.True(packed.ExitCode == 0, packed.ToString());

        string repositoryReadme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (string id in Libraries)
        {
            string nupkg = Path.Combine(packages, $"{id}.0.1.0.nupkg");
            Assert.True(File.Exists(nupkg), $"{id}: {nupkg} was not packed");
            string readme = PackageReadme(nupkg);
            AssertOwnReadme(id, readme, repositoryReadme);
        }
    }

    /// <summary>The README a nupkg's nuspec names (its &lt;readme&gt; element), read from the package.</summary>
    internal static string PackageReadme(string nupkg)
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
    internal static void AssertOwnReadme(string id, string readme, string repositoryReadme)
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
