namespace Msmla.Core.Runtime
{
    /// <summary>What <see cref="TorchRuntime.EnsureLoaded"/> did about how libtorch's idle OpenMP threads wait.</summary>
    public enum OpenMpWaitAction
    {
        /// <summary>
        /// <c>GOMP_SPINCOUNT</c> was set in the native environment before libtorch loaded its OpenMP runtime (libgomp), so
        /// an idle worker thread spins about 0.1 ms before it sleeps instead of libgomp's default of about 300,000 spins
        /// (10 ms here).
        /// </summary>
        LimitedSpinning,

        /// <summary>The environment already sets <c>GOMP_SPINCOUNT</c> or <c>OMP_WAIT_POLICY</c>; that choice is kept.</summary>
        KeptUserSetting,

        /// <summary>
        /// libtorch was loaded before Msmla could limit the spinning (TorchSharp was used first), so its OpenMP threads spin
        /// as long as libgomp's default says; a warning with the remedy is logged.
        /// </summary>
        TooLate,

        /// <summary>Not Linux; nothing was changed.</summary>
        NotApplicable,
    }
}
