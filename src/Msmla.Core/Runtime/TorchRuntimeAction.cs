namespace Msmla.Core.Runtime
{
    /// <summary>The decision taken by <see cref="TorchRuntime.EnsureLoaded"/>.</summary>
    public enum TorchRuntimeAction
    {
        /// <summary>Nothing to do: the host can load TorchSharp's library as shipped (or this is not Linux).</summary>
        NotRequired,

        /// <summary>A patched copy of the library was loaded from the per-user cache.</summary>
        Patched,

        /// <summary>TorchSharp's library was already loaded in this process; nothing could or needed to be done.</summary>
        AlreadyLoaded,

        /// <summary>TorchSharp's library was not found; TorchSharp itself will report what is missing.</summary>
        NotFound,

        /// <summary>Disabled through the <see cref="TorchRuntime.DisableVariable"/> environment variable.</summary>
        Disabled,
    }
}
