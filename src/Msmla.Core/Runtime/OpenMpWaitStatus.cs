namespace Msmla.Core.Runtime
{
    /// <summary>What <see cref="TorchRuntime.EnsureLoaded"/> found and did about OpenMP's waiting threads.</summary>
    /// <param name="Action">The decision taken.</param>
    /// <param name="Setting">The wait settings in the native environment afterwards (for example <c>GOMP_SPINCOUNT=3000</c>), or null when none is set.</param>
    /// <param name="Detail">A human-readable explanation.</param>
    public sealed record OpenMpWaitStatus(OpenMpWaitAction Action, string? Setting, string Detail);
}
