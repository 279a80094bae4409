using System;
using System.IO;
using System.Linq;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;

public class NativeLibraryPatcherTests
{
    [SkippableFact]
    public void Patching_in_place_replaces_the_file_and_leaves_hard_linked_originals_alone()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "Hard links are created with ln on Linux.");
        byte[] original = NativeTestFiles.PublishedLibTorchSharp();
        ElfImage image = ElfImage.Parse(original, "lib");
        var host = image.VersionRequirements.Where(r => r.Library == "libstdc++.so.6" && r.Name != "GLIBCXX_3.4.32").Select(r => r.Name).ToHashSet();

        using var dir = TestPaths.CreateTemporaryDirectory();
        string cache = dir.File("cache.so");
        string output = dir.File("output.so");
        File.WriteAllBytes(cache, original);
        // MSBuild may hard-link copy-local files to the package cache.
        ProcessOutcome ln = TestProcess.Run(TestProcess.StartInfo("ln", new[] { cache, output }), TestProcess.ShortTimeout);
        Assert.True(ln.ExitCode == 0, ln.ToString());
        Assert.True(File.Exists(output));

        var (outcome, weakened) = NativeLibraryPatcher.Patch(output, output, host);

        Assert.Equal(NativePatchOutcome.Patched, outcome);
        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, weakened);
        Assert.Equal(original, File.ReadAllBytes(cache));
        Assert.True(ElfImage.Parse(File.ReadAllBytes(output), "output").VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        Assert.Empty(Directory.GetFiles(dir.Path, ".*"));
    }

    [Fact]
    public void Leaves_a_non_elf_file_untouched_and_says_why()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        string path = dir.File("libLibTorchSharp.so");
        File.WriteAllText(path, "version https://git-lfs.github.com/spec/v1\n");
        var e = Assert.Throws<ElfFormatException>(() => NativeLibraryPatcher.Patch(path, path, new[] { "GLIBCXX_3.4" }));
        Assert.Contains(path, e.Message);
        Assert.Equal("version https://git-lfs.github.com/spec/v1\n", File.ReadAllText(path));
    }
}
