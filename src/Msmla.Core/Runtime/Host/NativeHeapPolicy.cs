using System;
using System.Linq;
using System.Runtime.InteropServices;

namespace Msmla.Core.Runtime.Host
{
    /// <summary>
    /// Makes glibc's allocator keep freed tensor memory in the process. By default glibc serves blocks from 128 KiB up
    /// (raised to the largest block freed so far, at most 32 MiB) with a fresh <c>mmap</c>, unmaps them on free and trims
    /// its heap when more than twice that is free at its top, so batch after batch the same feature maps are page-faulted
    /// in anew (predicting with MSMLA-18, a fifth of the process's CPU time was the kernel's). With
    /// <c>M_MMAP_THRESHOLD</c> at its 32 MiB maximum and <c>M_TRIM_THRESHOLD</c> at 1 GiB, blocks up to 32 MiB come from
    /// the heap and stay there for the next batch; larger ones are still mapped anew. Mapping a 4,000 x 4,000 scene the
    /// process stayed at 560-650 MB where glibc's defaults grew to 1.2 GB (README). The price: the process keeps freed
    /// blocks instead of returning them. PyTorch's performance guide gets the same by preloading jemalloc or tcmalloc,
    /// which a .NET process cannot do after start.
    /// </summary>
    internal static class NativeHeapPolicy
    {
        /// <summary>Set to <c>0</c> to leave the allocator as it is.</summary>
        public const string Variable = "MSMLA_NATIVE_HEAP";

        /// <summary>glibc's largest mmap threshold on 64-bit systems (<c>DEFAULT_MMAP_THRESHOLD_MAX</c>).</summary>
        public const int MmapThreshold = 32 << 20;

        /// <summary>Freed memory at the top of the heap beyond this is returned to the system.</summary>
        public const int TrimThreshold = 1 << 30;

        private const int M_TRIM_THRESHOLD = -1;
        private const int M_MMAP_THRESHOLD = -3;

        private static readonly string[] MallocVariables =
            { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_", "MALLOC_ARENA_MAX" };

        /// <summary>Applies the settings unless disabled, set by the user, or not glibc; says what was done.</summary>
        public static NativeHeapStatus Apply()
        {
            if (NativeEnvironment.Get(Variable) == "0")
                return new NativeHeapStatus(NativeHeapAction.Disabled, $"{Variable}=0: the allocator is left as it is");
            if (!OperatingSystem.IsLinux() || !IsGlibc(out IntPtr mallopt))
                return new NativeHeapStatus(NativeHeapAction.NotApplicable, "not Linux with glibc: the allocator is left as it is");
            string? given = MallocVariables.FirstOrDefault(v => NativeEnvironment.Get(v) != null)
                ?? (NativeEnvironment.Get("GLIBC_TUNABLES") is string tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal) ? "GLIBC_TUNABLES" : null);
            if (given != null)
                return new NativeHeapStatus(NativeHeapAction.KeptUserSetting, $"the environment sets {given}; glibc's malloc settings are kept");
            unsafe
            {
                var set = (delegate* unmanaged<int, int, int>)mallopt;
                if (set(M_MMAP_THRESHOLD, MmapThreshold) != 1 || set(M_TRIM_THRESHOLD, TrimThreshold) != 1)
                    return new NativeHeapStatus(NativeHeapAction.NotApplicable, "glibc refused mallopt; the allocator is left as it is");
            }
            return new NativeHeapStatus(NativeHeapAction.KeepsFreedMemory,
                $"glibc keeps freed blocks of up to {MmapThreshold >> 20} MiB (M_MMAP_THRESHOLD) and up to {TrimThreshold >> 20} MiB of free heap " +
                $"(M_TRIM_THRESHOLD), so tensors reuse memory without page faults; {Variable}=0 turns this off");
        }

        private static bool IsGlibc(out IntPtr mallopt)
        {
            mallopt = IntPtr.Zero;
            if (!NativeLibrary.TryLoad("libc.so.6", out IntPtr libc)) return false;
            return NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _) && NativeLibrary.TryGetExport(libc, "mallopt", out mallopt);
        }
    }
}
