using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.Runtime.Host;
using Msmla.Core.TorchSharpWorkarounds;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;

namespace Msmla.Core.Runtime
{
    /// <summary>
    /// Makes TorchSharp's native library loadable before TorchSharp initialises, in contexts that
    /// have no build of their own (Polyglot notebooks, <c>dotnet run app.cs</c>, scripts).
    /// </summary>
    /// <remarks>
    /// <para>
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
    /// </para>
    /// <para>
    /// On Linux it also sets libgomp's <c>GOMP_SPINCOUNT</c> in the native environment before libtorch loads, unless the
    /// environment sets <c>GOMP_SPINCOUNT</c> or <c>OMP_WAIT_POLICY</c> already: libtorch's idle OpenMP threads then spin
    /// about 0.1 ms instead of about 10 ms before they sleep, so a process does not slow down several times when other
    /// processes use the cores (<see cref="TorchRuntimeStatus.OpenMp"/> says what was done). When TorchSharp was used
    /// before Msmla, libtorch has read its settings already: a warning with the remedy (set the variable in the
    /// environment, or call this method first) goes to the first logger given.
    /// </para>
    /// <para>
    /// On Linux with glibc it also makes the allocator keep freed blocks of up to 32 MiB in the process instead of
    /// unmapping them, so each batch's tensors reuse the memory of the last one without page faults; the process keeps
    /// the freed blocks instead of returning them. The environment's own
    /// <c>MALLOC_*_</c> or <c>GLIBC_TUNABLES</c> malloc settings are kept, and <c>MSMLA_NATIVE_HEAP=0</c> turns it off
    /// (<see cref="TorchRuntimeStatus.Heap"/> says what was done).
    /// </para>
    /// </remarks>
    public static class TorchRuntime
    {
        /// <summary>Environment variable that overrides the cache directory for patched native libraries.</summary>
        public const string CacheDirectoryVariable = "MSMLA_NATIVE_CACHE";

        /// <summary>Environment variable that disables the patch when set to <c>0</c>.</summary>
        public const string DisableVariable = "MSMLA_NATIVE_PATCH";

        /// <summary>
        /// Environment variable that, set to <c>0</c>, leaves glibc's allocator as it is (see <see cref="TorchRuntimeStatus.Heap"/>).
        /// </summary>
        public const string NativeHeapVariable = NativeHeapPolicy.Variable;

        private static readonly object Gate = new();
        private static TorchRuntimeStatus? s_status;
        private static bool s_warnedTooLate;

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
                if (s_status == null)
                {
                    // First, before anything here can load libtorch: libgomp reads its settings when it loads.
                    OpenMpWaitStatus openMp = OpenMpWaitPolicy.Apply();
                    NativeHeapStatus heap = NativeHeapPolicy.Apply();
                    s_status = NativeLoadFix.Prepare(backend, logger) with { OpenMp = openMp, Heap = heap };
                    logger.LogDebug("TorchSharp native runtime: {Action} ({Detail}); OpenMP wait policy: {OpenMpAction} ({OpenMpDetail}); native heap: {HeapAction} ({HeapDetail})",
                        s_status.Action, s_status.Detail, openMp.Action, openMp.Detail, heap.Action, heap.Detail);
                }
                WarnOnceIfTooLate(logger);
                return s_status;
            }
        }

        /// <summary>
        /// Logs the warning of <see cref="OpenMpWaitAction.TooLate"/> once per process, to the first logger that shows
        /// warnings (the first call often comes from a method without a logger).
        /// </summary>
        private static void WarnOnceIfTooLate(ILogger logger)
        {
            if (s_warnedTooLate || s_status!.OpenMp.Action != OpenMpWaitAction.TooLate || !logger.IsEnabled(LogLevel.Warning)) return;
            logger.LogWarning("OpenMP wait policy: {Detail}", s_status.OpenMp.Detail);
            s_warnedTooLate = true;
        }
    }
}
