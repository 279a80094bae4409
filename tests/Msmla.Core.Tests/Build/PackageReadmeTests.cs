using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
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
            PackageReadme.AssertOwn(id, PackageReadme.Read(nupkg), repositoryReadme);
        }
    }
}
