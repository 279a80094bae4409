using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;

public class ElfImageTests
{
    [SkippableFact]
    public void Version_requirements_of_the_real_libLibTorchSharp_match_readelf()
    {
        byte[] bytes = NativeTestFiles.PublishedLibTorchSharp();
        using var dir = Msmla.Tests.Shared.TestPaths.CreateTemporaryDirectory();
        string path = dir.File("libLibTorchSharp.so");
        File.WriteAllBytes(path, bytes);

        var expected = new List<(string File, string Name, string Flags, int Index)>();
        string? file = null;
        bool inNeeds = false;
        foreach (string line in NativeTestFiles.ReadElf("-V", "-W", path).Split('\n'))
        {
            if (line.StartsWith("Version needs section", StringComparison.Ordinal)) { inNeeds = true; continue; }
            if (!inNeeds) continue;
            Match f = Regex.Match(line, @"File: (\S+)\s+Cnt:");
            if (f.Success) { file = f.Groups[1].Value; continue; }
            Match n = Regex.Match(line, @"Name: (\S+)\s+Flags: (\S+)\s+Version: (\d+)");
            if (n.Success) expected.Add((file!, n.Groups[1].Value, n.Groups[2].Value, int.Parse(n.Groups[3].Value)));
        }

        ElfImage image = ElfImage.Parse(bytes, path);
        var actual = image.VersionRequirements.Select(r => (r.Library, r.Name, r.IsWeak ? "WEAK" : "none", (int)r.Index)).ToList();
        Assert.Contains(expected, e => e.File == "libstdc++.so.6" && e.Name == "GLIBCXX_3.4.32");
        Assert.Equal(expected, actual);
    }

    [SkippableFact]
    public void Version_definitions_of_the_host_libstdcxx_match_readelf()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "Linux only: the host libstdc++ is an ELF file.");
        string? libstdcxx = HostLibStdCxx.Locate();
        Requirement.Host(libstdcxx != null, "No libstdc++ on this host.");

        var expected = Regex.Matches(NativeTestFiles.ReadElf("-V", "-W", libstdcxx!), @"Rev: 1\s+Flags: \S+\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)")
            .Select(m => m.Groups[1].Value).ToList();

        ElfImage image = ElfImage.Parse(File.ReadAllBytes(libstdcxx!), libstdcxx!);
        Assert.Contains("GLIBCXX_3.4", expected);
        Assert.Equal(expected, image.VersionDefinitions);
        Assert.Equal(expected.ToHashSet(), HostLibStdCxx.ReadVersions(libstdcxx!));
    }

    [SkippableFact]
    public void Symbols_bound_to_GLIBCXX_3_4_32_match_readelf()
    {
        byte[] bytes = NativeTestFiles.PublishedLibTorchSharp();
        using var dir = Msmla.Tests.Shared.TestPaths.CreateTemporaryDirectory();
        string path = dir.File("libLibTorchSharp.so");
        File.WriteAllBytes(path, bytes);
        var expected = Regex.Matches(NativeTestFiles.ReadElf("--dyn-syms", "-W", path), @" (\S+)@GLIBCXX_3\.4\.32\b")
            .Select(m => m.Groups[1].Value).ToList();

        ElfImage image = ElfImage.Parse(bytes, path);
        ElfVersionRequirement need = image.VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.32");
        Assert.Equal(new[] { "_ZSt21ios_base_library_initv" }, expected);
        Assert.Equal(expected, image.SymbolsWithVersion(need.Index));
    }

    [Fact]
    public void Elf_hash_matches_published_values()
    {
        // glibc hard-codes the hash of "LINUX_2.6" (LINUX_2_6_HASH) to find the vDSO's symbols.
        // Every vna_hash that GNU ld wrote into the real libLibTorchSharp.so is checked by parsing it.
        Assert.Equal(0x03ae75f6u, ElfHash("LINUX_2.6"));
        Assert.Equal(0u, ElfHash(""));
    }

    private static uint ElfHash(string s) => ElfImage.ElfHash(s);

    [Theory]
    [InlineData(0, "too short")]
    [InlineData(10, "too short")]
    [InlineData(63, "too short")]
    public void Rejects_files_too_short_for_a_header(int length, string expected)
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(new byte[length], "tiny.so"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("tiny.so:", e.Message);
    }

    [Fact]
    public void Rejects_non_elf_files()
    {
        byte[] text = new byte[200];
        "not an ELF file at all"u8.CopyTo(text);
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(text, "notes.txt"));
        Assert.Contains("bad magic", e.Message);
    }

    [SkippableTheory]
    [InlineData(4, 1, "only 64-bit")]
    [InlineData(5, 2, "only little-endian")]
    [InlineData(6, 0, "ELF version")]
    [InlineData(16, 2, "not a shared object")]
    public void Rejects_headers_it_does_not_support(int offset, byte value, string expected)
    {
        byte[] bytes = NativeTestFiles.PublishedLibTorchSharp();
        bytes[offset] = value;
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes, "changed.so"));
        Assert.Contains(expected, e.Message);
    }

    [SkippableFact]
    public void Rejects_every_truncation_with_a_format_error()
    {
        byte[] bytes = NativeTestFiles.PublishedLibTorchSharp();
        // Section headers sit at the end of the file: any truncation loses them.
        foreach (int length in new[] { 64, 4096, bytes.Length / 3, bytes.Length / 2, bytes.Length - 4096, bytes.Length - 1 })
        {
            var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes.AsSpan(0, length).ToArray(), "cut.so"));
            Assert.Contains("truncated", e.Message);
        }
    }

    [SkippableFact]
    public void Rejects_a_version_entry_whose_hash_does_not_match_its_name()
    {
        byte[] bytes = NativeTestFiles.PublishedLibTorchSharp();
        ElfVersionRequirement need = ElfImage.Parse(bytes, "x").VersionRequirements.Single(r => r.Name == "GLIBCXX_3.4.32");
        bytes[need.FlagsOffset - 4] ^= 0x55; // vna_hash precedes vna_flags
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes, "corrupt.so"));
        Assert.Contains("GLIBCXX_3.4.32", e.Message);
        Assert.Contains("hash", e.Message);
    }

    [SkippableFact]
    public void Random_corruption_of_the_version_tables_gives_only_format_errors_or_a_consistent_parse()
    {
        byte[] original = NativeTestFiles.PublishedLibTorchSharp();
        ElfImage clean = ElfImage.Parse(original, "x");
        long start = clean.VersionRequirements.Min(r => r.FlagsOffset) - 64;
        long end = clean.VersionRequirements.Max(r => r.FlagsOffset) + 64;
        var random = new Random(1234);
        int rejected = 0;
        for (int trial = 0; trial < 500; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips; i++) bytes[random.NextInt64(start, end)] = (byte)random.Next(256);
            try
            {
                ElfImage image = ElfImage.Parse(bytes, "fuzzed.so");
                Assert.All(image.VersionRequirements, r => Assert.Equal(ElfImage.ElfHash(r.Name), BitConverter.ToUInt32(bytes, (int)r.FlagsOffset - 4)));
            }
            catch (ElfFormatException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 100, $"only {rejected} of 500 corruptions were detected");
    }
}
