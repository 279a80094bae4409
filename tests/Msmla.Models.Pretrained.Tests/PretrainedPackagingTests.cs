using System.Diagnostics;
using System.IO;
using Msmla.Tests.Shared;

namespace Msmla.Models.Pretrained.Tests;

/// <summary>
/// The build takes the weight file from MsmlaPretrainedAssets: packing without it fails naming the missing file, and a
/// file of that name that is not the released one fails the build (its SHA-256).
/// </summary>
public sealed class PretrainedPackagingTests
{
    private static readonly string Project = Path.Combine(TestPaths.RepositoryRoot, "src", "Msmla.Models.Pretrained", "Msmla.Models.Pretrained.csproj");

    [Fact]
    public void Packing_without_the_weight_file_fails_naming_it()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string assets = directory.File("assets");
        Directory.CreateDirectory(assets);
        ProcessStartInfo pack = TestProcess.StartInfo(TestProcess.Dotnet,
            new[] { "pack", Project, "--no-build", "-o", directory.File("packages"), $"-p:MsmlaPretrainedAssets={assets}" }, directory.Path);
        pack.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        ProcessOutcome outcome = TestProcess.Run(pack, TestProcess.ShortTimeout);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains($"cannot be packed without its weights: {Path.Combine(assets, "sen2lcz-net-mf.keras-weights.h5")} does not exist", outcome.StandardOutput);
        Assert.False(Directory.Exists(directory.File("packages")) && Directory.GetFiles(directory.File("packages")).Length > 0, "no package is written");
    }

    [Fact]
    public void A_weight_file_that_is_not_the_released_one_fails_the_build()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string assets = directory.File("assets");
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "sen2lcz-net-mf.keras-weights.h5"), "not the weights");
        ProcessStartInfo check = TestProcess.StartInfo(TestProcess.Dotnet,
            new[] { "msbuild", Project, "-nologo", "-t:MsmlaCheckPretrainedWeights", "-p:TargetFramework=net10.0", $"-p:MsmlaPretrainedAssets={assets}" }, directory.Path);
        check.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        ProcessOutcome outcome = TestProcess.Run(check, TestProcess.ShortTimeout);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("is not the released Sen2LCZ-Net-MF weight file", outcome.StandardOutput);
        // The file's SHA-256 (of the 15 ASCII bytes "not the weights", computed with coreutils' sha256sum) and the released file's.
        Assert.Contains("its SHA-256 is 35245741e72e29edc737d79889c146307c8ca445834edf0e084d7c16f91da3c4", outcome.StandardOutput);
        Assert.Contains("the released file's is 2ca98e4adb7d67cc0f69e8168826b763eb7df8cb6ca508689fa34c171e2e8b2a", outcome.StandardOutput);
    }
}
