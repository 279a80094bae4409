using System;
using System.Collections.Generic;
using System.Globalization;
using Msmla.Core.Runtime;
using Msmla.Tests.Shared;
using Xunit;

namespace Msmla.Core.Tests.Runtime.Host;

/// <summary>
/// The allocator setting as the kernel sees it: each test starts a fresh process (Msmla.Core.Tests.Host) that, after
/// EnsureLoaded, allocates and writes four blocks of 8 MiB and frees them, 20 times, and counts its minor page faults
/// (/proc/self/stat), as a batch's feature maps come and go. Kept memory is faulted in once (8,192 pages of 4 KiB);
/// memory given back to the system is faulted in again every round.
/// </summary>
public class NativeHeapPolicyTests
{
    private const long PagesPerRound = 4 * (8 << 20) / 4096;

    [SkippableFact]
    public void EnsureLoaded_makes_glibc_keep_freed_blocks_so_they_are_reused_without_page_faults()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "glibc's allocator is set on Linux only.");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(nameof(NativeHeapAction.KeepsFreedMemory), result.Values["heap"]);
        long faults = long.Parse(result.Values["heap-faults"], CultureInfo.InvariantCulture);
        Assert.True(faults < 3 * PagesPerRound, $"{faults} page faults in 20 rounds of {PagesPerRound} pages: freed memory was not reused");
    }

    [SkippableTheory]
    [InlineData("MSMLA_NATIVE_HEAP", "0", NativeHeapAction.Disabled)]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "131072", NativeHeapAction.KeptUserSetting)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=131072", NativeHeapAction.KeptUserSetting)]
    public void Turned_off_or_set_by_the_user_glibc_unmaps_every_freed_block_again(string variable, string value, NativeHeapAction action)
    {
        Requirement.Host(OperatingSystem.IsLinux(), "glibc's allocator is set on Linux only.");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path, new Dictionary<string, string> { [variable] = value });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(action.ToString(), result.Values["heap"]);
        long faults = long.Parse(result.Values["heap-faults"], CultureInfo.InvariantCulture);
        Assert.True(faults > 10 * PagesPerRound, $"only {faults} page faults in 20 rounds of {PagesPerRound} pages with glibc's own settings");
    }
}
