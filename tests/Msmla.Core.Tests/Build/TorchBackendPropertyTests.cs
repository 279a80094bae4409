using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Build;

/// <summary>
/// The TorchBackend build property picks the TorchSharp backend package for projects that run code,
/// while the libraries keep referencing the managed TorchSharp package only. Checked by MSBuild
/// evaluation (no restore: the CUDA packages are several GB and not on every feed).
/// </summary>
public class TorchBackendPropertyTests
{
    private static readonly string Root =
        typeof(TorchBackendPropertyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Theory]
    [InlineData(null, "TorchSharp-cpu")]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda", "TorchSharp-cuda-linux")]
    public void Test_projects_get_the_backend_package_the_property_names(string? backend, string expected)
    {
        string[] references = PackageReferences(Path.Combine("tests", "Msmla.Core.Tests", "Msmla.Core.Tests.csproj"), backend);
        Assert.Contains(expected, references);
        Assert.Single(references, r => r.StartsWith("TorchSharp-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("src/Msmla.Core/Msmla.Core.csproj")]
    [InlineData("src/Msmla.Models/Msmla.Models.csproj")]
    public void Libraries_reference_only_the_managed_TorchSharp_package(string project)
    {
        foreach (string? backend in new[] { null, "cuda" })
        {
            string[] references = PackageReferences(project, backend);
            Assert.Contains("TorchSharp", references);
            Assert.DoesNotContain(references, r => r.StartsWith("TorchSharp-", StringComparison.Ordinal) || r.StartsWith("libtorch", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_unknown_backend_is_a_build_error()
    {
        var (exitCode, output) = MsBuild("tests/Msmla.Core.Tests/Msmla.Core.Tests.csproj", "-t:MsmlaCheckTorchBackend", "-p:TorchBackend=rocm");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("TorchBackend must be 'cpu' or 'cuda', not 'rocm'", output);
    }

    private static string[] PackageReferences(string project, string? backend)
    {
        var (exitCode, stdout) = MsBuild(project, "-getItem:PackageReference", backend == null ? "-p:Unused=1" : $"-p:TorchBackend={backend}");
        Assert.True(exitCode == 0, $"msbuild evaluation failed:\n{stdout}");
        using JsonDocument json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()!).ToArray();
    }

    private static (int ExitCode, string Output) MsBuild(string project, params string[] arguments)
    {
        ProcessStartInfo info = TestProcess.StartInfo(TestProcess.Dotnet, new[] { "msbuild", Path.Combine(Root, project), "-nologo" }.Concat(arguments), Root);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        ProcessOutcome outcome = TestProcess.Run(info, TestProcess.ShortTimeout);
        return (outcome.ExitCode, outcome.StandardOutput + outcome.StandardError);
    }
}
