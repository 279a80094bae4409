using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Msmla.Core.Tests.Packaging;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// An application that references the Msmla.Core package of the packed feed (and TorchSharp-cpu) the way a user would:
/// the package's buildTransitive targets must patch the app's copy of the native library at build and publish time, so
/// the app runs TorchSharp without calling anything of ours.
/// </summary>
[Collection(LibraryFeedCollection.Name)]
public class PackageConsumerTests
{
    private readonly LibraryFeed _feed;

    public PackageConsumerTests(LibraryFeed feed) => _feed = feed;

    [SkippableFact]
    public void An_app_referencing_the_package_gets_a_patched_native_library_and_runs()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "The native fix concerns Linux.");
        string version = _feed.Version, feed = _feed.Feed, packages = _feed.ConsumerPackages;
        using var work = TestPaths.CreateTemporaryDirectory();
        // The app restores into the feed's packages folder for consumers, with the user's cache as a read-only fallback
        // (TorchSharp and libtorch come from there, not from the network): the user's cache never holds the test version.
        string userCacheEntry = Path.Combine(NativeTestFiles.PackagesRoot, "msmla.core", version);
        string package = Path.Combine(feed, $"Msmla.Core.{version}.nupkg");
        using (ZipArchive zip = ZipFile.OpenRead(package))
        {
            string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("buildTransitive/Msmla.Core.targets", entries);
            Assert.Contains("build/Msmla.Core.targets", entries);
            Assert.Contains("tasks/netstandard2.0/Msmla.Core.Build.dll", entries);
            Assert.Contains("lib/net8.0/Msmla.Core.dll", entries);
            Assert.Contains("lib/net10.0/Msmla.Core.xml", entries);
            Assert.Contains("README.md", entries);
        }

        string app = Directory.CreateDirectory(work.File("app")).FullName;
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="user" value="{NativeTestFiles.PackagesRoot}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Msmla.Core" Version="{version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(TorchSharp.torch.ones(3, 4).sum().item<float>());\n");

        Dotnet(app, "build", "-c", "Release");
        string built = Path.Combine(app, "bin", "Release", "net10.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.Equal(HostLacksMarkerVersion(), IsWeak(built));
        Assert.Equal("12", Dotnet(app, "run", "-c", "Release", "--no-build").Trim());

        string published = work.File("published");
        Dotnet(app, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", published);
        Assert.Equal(HostLacksMarkerVersion(), IsWeak(Path.Combine(published, "libLibTorchSharp.so")));

        Assert.Equal(NativeTestFiles.PublishedLibTorchSharp(), File.ReadAllBytes(NativeTestFiles.CachedLibTorchSharp));
        Assert.True(Directory.Exists(Path.Combine(packages, "msmla.core", version)), $"the app did not restore Msmla.Core into {packages}");
        Assert.False(Directory.Exists(userCacheEntry), $"the test version was restored into the user's NuGet cache: {userCacheEntry}");
    }

    private static bool HostLacksMarkerVersion() => !HostLibStdCxx.ReadVersions(HostLibStdCxx.Locate()!).Contains("GLIBCXX_3.4.32");

    private static bool IsWeak(string library) =>
        ElfImage.Parse(File.ReadAllBytes(library), library).VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.32").IsWeak;

    /// <summary>Runs dotnet as a consumer of the feed.</summary>
    private string Dotnet(string workingDirectory, params string[] arguments)
    {
        ProcessStartInfo info = _feed.Consumer(workingDirectory, arguments);
        ProcessOutcome outcome = TestProcess.Run(info, TestProcess.BuildTimeout);
        Assert.True(outcome.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed: {outcome}");
        return outcome.StandardOutput;
    }
}
