using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;

public class MarkerVersionPatchTests
{
    /// <summary>What Debian 12's libstdc++ (GCC 12) defines: everything up to GLIBCXX_3.4.30.</summary>
    private static HashSet<string> Gcc12Versions(ElfImage image) =>
        image.VersionRequirements.Where(r => r.Library == "libstdc++.so.6" && r.Name != "GLIBCXX_3.4.32").Select(r => r.Name).ToHashSet();

    [SkippableFact]
    public void Weakens_exactly_the_GLIBCXX_3_4_32_requirement_and_changes_one_byte()
    {
        byte[] original = NativeTestFiles.PublishedLibTorchSharp();
        ElfImage image = ElfImage.Parse(original, "lib");
        IReadOnlyList<ElfVersionRequirement> plan = MarkerVersionPatch.Plan(image, Gcc12Versions(image), "lib");
        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, plan.Select(p => p.Name));

        byte[] patched = (byte[])original.Clone();
        MarkerVersionPatch.Apply(patched, plan);
        int[] changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Single(changed);
        Assert.Equal(plan[0].FlagsOffset, changed[0]);

        // readelf, the independent reference, sees the flag; nothing else in the version tables moved.
        using var dir = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(dir.File("before.so"), original);
        File.WriteAllBytes(dir.File("after.so"), patched);
        string before = NativeTestFiles.ReadElf("-V", "-W", dir.File("before.so"));
        string after = NativeTestFiles.ReadElf("-V", "-W", dir.File("after.so"));
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: none", before);
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: WEAK", after);
        Assert.Equal(Regex.Replace(before, @"Flags: WEAK", "Flags: none").Replace("before.so", "x"), Regex.Replace(after, @"GLIBCXX_3\.4\.32\s+Flags: WEAK", m => m.Value.Replace("WEAK", "none")).Replace("after.so", "x"));

        // Planning again on the patched file finds nothing to do.
        Assert.Empty(MarkerVersionPatch.Plan(ElfImage.Parse(patched, "patched"), Gcc12Versions(image), "patched"));
    }

    [SkippableFact]
    public void Changes_nothing_when_the_host_already_has_the_version()
    {
        byte[] original = NativeTestFiles.PublishedLibTorchSharp();
        ElfImage image = ElfImage.Parse(original, "lib");
        HashSet<string> gcc13 = Gcc12Versions(image);
        gcc13.Add("GLIBCXX_3.4.32");
        Assert.Empty(MarkerVersionPatch.Plan(image, gcc13, "lib"));

        using var dir = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(dir.File("lib.so"), original);
        DateTime stamp = File.GetLastWriteTimeUtc(dir.File("lib.so"));
        var (outcome, weakened) = NativeLibraryPatcher.Patch(dir.File("lib.so"), dir.File("lib.so"), gcc13);
        Assert.Equal(NativePatchOutcome.NotNeeded, outcome);
        Assert.Empty(weakened);
        Assert.Equal(original, File.ReadAllBytes(dir.File("lib.so")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(dir.File("lib.so")));
    }

    [SkippableFact]
    public void Refuses_when_the_host_lacks_a_version_with_real_functions()
    {
        byte[] original = NativeTestFiles.PublishedLibTorchSharp();
        ElfImage image = ElfImage.Parse(original, "lib");
        HashSet<string> gcc11 = Gcc12Versions(image);
        gcc11.Remove("GLIBCXX_3.4.30");
        var e = Assert.Throws<NativeCompatibilityException>(() => MarkerVersionPatch.Plan(image, gcc11, "libLibTorchSharp.so"));
        Assert.Contains("GLIBCXX_3.4.30", e.Message);
        Assert.Contains("libLibTorchSharp.so", e.Message);
    }

    [SkippableFact]
    public void Refuses_when_a_real_function_is_bound_to_the_marker_version()
    {
        byte[] bytes = NativeTestFiles.PublishedLibTorchSharp();
        ElfImage image = ElfImage.Parse(bytes, "lib");
        ushort markerIndex = image.VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.32").Index;
        ushort otherIndex = image.VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.30").Index;
        string victim = image.SymbolsWithVersion(otherIndex).First();

        // Rebind that GLIBCXX_3.4.30 symbol to GLIBCXX_3.4.32 in .gnu.version.
        using var dir = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(dir.File("lib.so"), bytes);
        Match section = Regex.Match(NativeTestFiles.ReadElf("-S", "-W", dir.File("lib.so")), @"\.gnu\.version\s+VERSYM\s+[0-9a-f]+\s+([0-9a-f]+)");
        int versym = Convert.ToInt32(section.Groups[1].Value, 16);
        Match symbol = Regex.Match(NativeTestFiles.ReadElf("--dyn-syms", "-W", dir.File("lib.so")), @"^\s*(\d+):[^\n]*\s" + Regex.Escape(victim) + "@", RegexOptions.Multiline);
        int row = int.Parse(symbol.Groups[1].Value);
        Assert.Equal(otherIndex, BitConverter.ToUInt16(bytes, versym + 2 * row) & 0x7fff);
        BitConverter.GetBytes(markerIndex).CopyTo(bytes, versym + 2 * row);

        ElfImage changed = ElfImage.Parse(bytes, "lib");
        var e = Assert.Throws<NativeCompatibilityException>(() => MarkerVersionPatch.Plan(changed, Gcc12Versions(changed), "lib"));
        Assert.Contains(victim, e.Message);
    }
}
