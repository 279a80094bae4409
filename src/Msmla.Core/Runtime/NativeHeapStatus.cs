namespace Msmla.Core.Runtime
{
    /// <summary>What <see cref="TorchRuntime.EnsureLoaded"/> found and did about the C library's allocator.</summary>
    /// <param name="Action">The decision taken.</param>
    /// <param name="Detail">A human-readable explanation.</param>
    public sealed record NativeHeapStatus(NativeHeapAction Action, string Detail);
}
