using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.TorchSharpWorkarounds;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;

namespace Msmla.Core.Runtime
{
    /// <summary>
    /// Makes TorchSharp's native library loadable before TorchSharp initialises, in contexts that
    /// have no build of their own (Polyglot notebooks, <c>dotnet run app.cs</c>, scripts).
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> (GCC 13's libstdc++),
    /// which Debian 12 and Ubuntu 22.04 lack; TorchSharp then fails with a misleading "no reference to
    /// libtorch-cpu" message. The only symbol behind that version is a marker with no behaviour, so a
    /// copy of the library with that one requirement marked weak loads and runs correctly.
    /// <see cref="EnsureLoaded"/> writes such a copy into a per-user cache (never into the NuGet cache),
    /// next to links to the libtorch libraries it needs, and loads it, so TorchSharp finds it already
    /// loaded. On hosts whose libstdc++ has the version, and on Windows and macOS, it does nothing.
    /// Projects that build against the Msmla packages get the same fix at build time and do not need
    /// this call, but it is harmless there. Every Msmla entry point that uses TorchSharp calls it. The fix lives in
    /// Msmla.Core's TorchSharpWorkarounds folder, to be deleted when TorchSharp no longer needs it.
    /// </remarks>
    public static class TorchRuntime
    {
        /// <summary>Environment variable that overrides the cache directory for patched native libraries.</summary>
        public const string CacheDirectoryVariable = "MSMLA_NATIVE_CACHE";

        /// <summary>Environment variable that disables the patch when set to <c>0</c>.</summary>
        public const string DisableVariable = "MSMLA_NATIVE_PATCH";

        private static readonly object Gate = new();
        private static TorchRuntimeStatus? s_status;

        /// <summary>The result of the first <see cref="EnsureLoaded"/> call in this process, or null before it.</summary>
        public static TorchRuntimeStatus? Status => s_status;

        /// <summary>
        /// Ensures TorchSharp's native library will load on this host; call it before the first use of
        /// TorchSharp. Safe to call many times and from many threads: the work is done once.
        /// </summary>
        /// <param name="backend">Which libtorch to link when TorchSharp is loaded from the NuGet cache (notebooks).</param>
        /// <param name="logger">Receives what was found and done; defaults to no logging.</param>
        /// <returns>What was found and done.</returns>
        /// <exception cref="NativeCompatibilityException">The host lacks a version that cannot be relaxed.</exception>
        /// <exception cref="ElfFormatException">The native library is not a file the patcher understands.</exception>
        public static TorchRuntimeStatus EnsureLoaded(TorchBackendKind backend = TorchBackendKind.Cpu, ILogger? logger = null)
        {
            logger ??= NullLogger.Instance;
            lock (Gate)
            {
                if (s_status != null) return s_status;
                s_status = NativeLoadFix.Prepare(backend, logger);
                logger.LogDebug("TorchSharp native runtime: {Action} ({Detail})", s_status.Action, s_status.Detail);
                return s_status;
            }
        }
    }
}
