namespace Msmla.Core.Runtime
{
    /// <summary>What <see cref="TorchRuntime.EnsureLoaded"/> found and did.</summary>
    /// <param name="Action">The decision taken.</param>
    /// <param name="LibraryPath">The native library concerned (the patched copy when <see cref="TorchRuntimeAction.Patched"/>), if any.</param>
    /// <param name="Detail">A human-readable explanation.</param>
    public sealed record TorchRuntimeStatus(TorchRuntimeAction Action, string? LibraryPath, string Detail)
    {
        /// <summary>What was done about how libtorch's idle OpenMP threads wait (spin or sleep).</summary>
        public OpenMpWaitStatus OpenMp { get; init; } = new(OpenMpWaitAction.NotApplicable, null, "not determined");

        /// <summary>What was done about how the C library's allocator returns freed tensor memory.</summary>
        public NativeHeapStatus Heap { get; init; } = new(NativeHeapAction.NotApplicable, "not determined");
    }
}
