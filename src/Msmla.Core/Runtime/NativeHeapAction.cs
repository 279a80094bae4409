namespace Msmla.Core.Runtime
{
    /// <summary>What <see cref="TorchRuntime.EnsureLoaded"/> did about how the C library's allocator returns freed memory.</summary>
    public enum NativeHeapAction
    {
        /// <summary>
        /// glibc's allocator keeps freed blocks of up to 32 MiB in the process (<c>M_MMAP_THRESHOLD</c> 32 MiB,
        /// <c>M_TRIM_THRESHOLD</c> 1 GiB) instead of unmapping them, so the next tensor of that size reuses them without
        /// page faults.
        /// </summary>
        KeepsFreedMemory,
        /// <summary>The environment sets glibc's malloc settings (<c>MALLOC_*_</c> or <c>GLIBC_TUNABLES</c>); they are kept.</summary>
        KeptUserSetting,
        /// <summary><c>MSMLA_NATIVE_HEAP=0</c> in the environment: the allocator is left as it is.</summary>
        Disabled,
        /// <summary>Not Linux with glibc, or glibc refused the settings; nothing was changed.</summary>
        NotApplicable,
    }
}
