using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Packaging;

/// <summary>
/// The four library packages, packed once per test run with the repository's documented command
/// (<c>dotnet pack eng/Msmla.Libraries.slnf -c Release -o packages</c>) under a version of their own, into the folder
/// <c>repository/packages</c> of a temporary directory, where <see cref="RepositoryLayout"/> puts the repository's build
/// files and samples/ as they lie in the repository. Shared by the tests of the <see cref="LibraryFeedCollection"/>. Consumers restore into a
/// packages folder of their own with the user's NuGet cache as a read-only fallback (TorchSharp and libtorch come from
/// there), so the test version never lands in the user's cache; anything that does is removed on dispose.
/// </summary>
public sealed class LibraryFeed : IDisposable
{
    /// <summary>The packages of the libraries, as the solution filter names them.</summary>
    public static readonly string[] PackageIds = { "Msmla.Core", "Msmla.Models", "Msmla.Data", "Msmla.Plotting", "Msmla.Models.Pretrained" };

    private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();

    public LibraryFeed()
    {
        Version = "0.0.0-feedtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Feed);
        // Its own bin/ and obj/ (ArtifactsPath): tests of other projects build the same projects at the same time.
        using (RepositoryBuildLock.Acquire())
            Run(TestPaths.RepositoryRoot, TestProcess.BuildTimeout, "pack", Path.Combine("eng", "Msmla.Libraries.slnf"), "-c", "Release", "-o", Feed,
                $"-p:Version={Version}", $"-p:ArtifactsPath={_directory.File("artifacts")}");
    }

    /// <summary>The temporary directory: <c>repository/</c> and whatever a test puts beside it.</summary>
    public string Root => _directory.Path;

    /// <summary>The folder feed, where the README's command puts it in the repository.</summary>
    public string Feed => Path.Combine(_directory.Path, "repository", "packages");

    /// <summary>
    /// The directory that holds the feed as <c>packages</c>, made to look like the repository for what the README puts
    /// there: the repository's Directory.Build.props, .targets and Directory.Packages.props (whose settings would apply
    /// to a file-based app or project beside them) and samples/ with its own Directory.Build files. Returns its path.
    /// </summary>
    public string RepositoryLayout()
    {
        string repository = Path.GetDirectoryName(Feed)!;
        string samples = Directory.CreateDirectory(Path.Combine(repository, "samples")).FullName;
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(TestPaths.RepositoryRoot, file), Path.Combine(repository, file), overwrite: true);
            string sample = Path.Combine(TestPaths.RepositoryRoot, "samples", file);
            if (File.Exists(sample)) File.Copy(sample, Path.Combine(samples, file), overwrite: true);
        }
        return repository;
    }

    /// <summary>The version the libraries were packed with.</summary>
    public string Version { get; }

    /// <summary>The NuGet global packages folder of the consumers.</summary>
    public string ConsumerPackages => _directory.File("nuget-packages");

    /// <summary>The version the repository's samples and README name (the Version of Directory.Build.props).</summary>
    public static string RepositoryVersion { get; } =
        typeof(Msmla.Core.Runtime.TorchRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>
    /// <paramref name="text"/> (a sample or a README snippet) with every Msmla package reference of
    /// <see cref="RepositoryVersion"/> (<c>#:package Msmla.X@v</c>, <c>#r "nuget: Msmla.X, v"</c>, <c>dotnet add package Msmla.X --version v</c>) moved to
    /// <see cref="Version"/>; fails when it names an Msmla package at another version or at none.
    /// </summary>
    public string WithFeedVersion(string text, string what)
    {
        var references = Regex.Matches(text, @"(Msmla(?:\.\w+)+)(@|, | --version )([0-9][\w.\-]*)");
        Assert.True(references.Count > 0, $"{what} references no Msmla package with a version");
        foreach (Match reference in references)
            Assert.True(reference.Groups[3].Value == RepositoryVersion,
                $"{what} references {reference.Groups[1].Value} {reference.Groups[3].Value}, not the repository's version {RepositoryVersion}");
        return Regex.Replace(text, @"(Msmla(?:\.\w+)+)(@|, | --version )" + Regex.Escape(RepositoryVersion), m => m.Groups[1].Value + m.Groups[2].Value + Version);
    }

    /// <summary>
    /// A dotnet command for a consumer of the feed: the consumer's own global packages folder with the user's cache as a
    /// fallback, none of the test host's MSBuild settings, no build servers, and the temporary directory as TMPDIR.
    /// </summary>
    public ProcessStartInfo Consumer(string workingDirectory, IEnumerable<string> arguments, string program = "")
    {
        ProcessStartInfo info = TestProcess.StartInfo(program.Length == 0 ? TestProcess.Dotnet : program, arguments, workingDirectory);
        foreach (string variable in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG" }) info.Environment.Remove(variable);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["NUGET_PACKAGES"] = ConsumerPackages;
        info.Environment["NUGET_FALLBACK_PACKAGES"] = NativeTestFiles.PackagesRoot;
        // Samples write their results under the temporary directory: keep them in this one.
        info.Environment["TMPDIR"] = Directory.CreateDirectory(_directory.File("tmp")).FullName;
        return info;
    }

    /// <summary>Disposes the feed: the directory, and the test version wherever it was restored into the user's cache.</summary>
    public void Dispose()
    {
        foreach (string id in PackageIds)
        {
            string entry = Path.Combine(NativeTestFiles.PackagesRoot, id.ToLowerInvariant(), Version);
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
        }
        _directory.Dispose();
    }

    private static void Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        ProcessStartInfo info = TestProcess.StartInfo(TestProcess.Dotnet, arguments, workingDirectory);
        foreach (string variable in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG" }) info.Environment.Remove(variable);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        var clock = Stopwatch.StartNew();
        ProcessOutcome outcome = TestProcess.Run(info, timeout);
        if (outcome.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed after {clock.Elapsed.TotalSeconds:F0} s: {outcome}");
    }
}

/// <summary>The tests that share one <see cref="LibraryFeed"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class LibraryFeedCollection : ICollectionFixture<LibraryFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Library feed";
}
