using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.Runtime.Host;
using Msmla.Core.Runtime.Native;

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
    /// this call, but it is harmless there. Every Msmla entry point that uses TorchSharp calls it.
    /// </para>
    /// <para>
    /// On Linux it also sets libgomp's <c>GOMP_SPINCOUNT</c> in the native environment before libtorch loads, unless the
    /// environment sets <c>GOMP_SPINCOUNT</c> or <c>OMP_WAIT_POLICY</c> already: libtorch's idle OpenMP threads then spin
    /// about 0.1 ms instead of about 10 ms before they sleep, so a process does not slow down several times when other
    /// processes use the cores (<see cref="TorchRuntimeStatus.OpenMp"/> says what was done). When TorchSharp was used
    /// before Msmla, libtorch has read its settings already: a warning with the remedy (set the variable in the
    /// environment, or call this method first) goes to the first logger given.
    /// </para>
    /// </remarks>
    public static class TorchRuntime
    {
        /// <summary>Environment variable that overrides the cache directory for patched native libraries.</summary>
        public const string CacheDirectoryVariable = "MSMLA_NATIVE_CACHE";

        /// <summary>Environment variable that disables the patch when set to <c>0</c>.</summary>
        public const string DisableVariable = "MSMLA_NATIVE_PATCH";

        private const string LibraryFile = "libLibTorchSharp.so";
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
                    s_status = Prepare(backend, logger) with { OpenMp = openMp };
                    logger.LogDebug("TorchSharp native runtime: {Action} ({Detail}); OpenMP wait policy: {OpenMpAction} ({OpenMpDetail})",
                        s_status.Action, s_status.Detail, openMp.Action, openMp.Detail);
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

        private static TorchRuntimeStatus Prepare(TorchBackendKind backend, ILogger logger)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                return new TorchRuntimeStatus(TorchRuntimeAction.NotRequired, null, "not Linux: TorchSharp loads its libraries itself");
            if (Environment.GetEnvironmentVariable(DisableVariable) == "0")
                return new TorchRuntimeStatus(TorchRuntimeAction.Disabled, null, $"{DisableVariable}=0");

            string? loaded = HostLibStdCxx.MappedFiles(LibraryFile).FirstOrDefault();
            if (loaded != null)
                return new TorchRuntimeStatus(TorchRuntimeAction.AlreadyLoaded, loaded, "TorchSharp's native library was already loaded");

            NativeLayout? layout = NativeLayout.Find(backend, logger);
            if (layout == null)
                return new TorchRuntimeStatus(TorchRuntimeAction.NotFound, null, $"{LibraryFile} was not found next to the application or in the NuGet cache; TorchSharp will report what is missing");

            string? libstdcxx = HostLibStdCxx.Locate();
            if (libstdcxx == null)
                return new TorchRuntimeStatus(TorchRuntimeAction.NotRequired, layout.Library, "no libstdc++ found on this host; nothing to compare against");

            byte[] bytes = File.ReadAllBytes(layout.Library);
            IReadOnlyList<ElfVersionRequirement> plan = NativeLibraryPatcher.Analyze(bytes, layout.Library, HostLibStdCxx.ReadVersions(libstdcxx));
            if (plan.Count == 0)
                return new TorchRuntimeStatus(TorchRuntimeAction.NotRequired, layout.Library, $"{libstdcxx} provides every version {LibraryFile} needs");

            string patched = layout.EnsurePatchedCopy(bytes, plan, CacheRoot());
            logger.LogInformation("Loading {Patched}: a copy of {Original} with {Versions} marked weak, because {LibStdCxx} lacks it",
                patched, layout.Library, string.Join(", ", plan.Select(p => p.Name)), libstdcxx);
            NativeLibrary.Load(patched);
            return new TorchRuntimeStatus(TorchRuntimeAction.Patched, patched,
                $"{string.Join(", ", plan.Select(p => p.Name))} marked weak; host libstdc++ is {libstdcxx}");
        }

        private static string CacheRoot()
        {
            string? configured = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
            if (!string.IsNullOrEmpty(configured)) return configured;
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "msmla", "native");
        }

        /// <summary>Where TorchSharp's native library and the libtorch libraries beside it live.</summary>
        private sealed class NativeLayout
        {
            private NativeLayout(string library, IReadOnlyList<string> libtorchDirectories)
            {
                Library = library;
                LibTorchDirectories = libtorchDirectories;
            }

            public string Library { get; }

            public IReadOnlyList<string> LibTorchDirectories { get; }

            public static NativeLayout? Find(TorchBackendKind backend, ILogger logger)
            {
                Assembly torchSharp = typeof(TorchSharp.torch).Assembly;
                string torchSharpDirectory = Path.GetDirectoryName(torchSharp.Location) ?? AppContext.BaseDirectory;

                // 1. An application with a deps.json: the host lists the native asset directories.
                var probe = new List<string>();
                if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
                    probe.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
                probe.Add(torchSharpDirectory);
                probe.Add(Path.Combine(torchSharpDirectory, "runtimes", "linux-x64", "native"));
                foreach (string directory in probe)
                {
                    string candidate = Path.Combine(directory, LibraryFile);
                    if (File.Exists(candidate))
                    {
                        logger.LogDebug("Found {Library} beside the application", candidate);
                        return new NativeLayout(candidate, new[] { directory });
                    }
                }

                // 2. TorchSharp loaded straight from the NuGet cache (notebooks): <root>/torchsharp/<version>/lib/<tfm>/.
                string packageHome = Path.GetFullPath(Path.Combine(torchSharpDirectory, "..", ".."));
                string packagesRoot = Path.GetFullPath(Path.Combine(packageHome, "..", ".."));
                string library = Path.Combine(packageHome, "runtimes", "linux-x64", "native", LibraryFile);
                if (!File.Exists(library)) return null;
                string libTorchVersion = typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .First(a => a.Key == "Msmla.LibTorchVersion").Value!;
                string pattern = backend == TorchBackendKind.Cuda ? "libtorch-cuda-*-linux-x64*" : "libtorch-cpu-linux-x64";
                string[] directories = Directory.Exists(packagesRoot)
                    ? Directory.GetDirectories(packagesRoot, pattern)
                        .Select(d => Path.Combine(d, libTorchVersion, "runtimes", "linux-x64", "native"))
                        .Where(Directory.Exists)
                        .OrderBy(d => d, StringComparer.Ordinal)
                        .ToArray()
                    : Array.Empty<string>();
                if (directories.Length == 0)
                {
                    logger.LogWarning("Found {Library} in the NuGet cache, but no {Pattern} {Version} package beside it", library, pattern, libTorchVersion);
                    return null;
                }
                return new NativeLayout(library, directories);
            }

            /// <summary>
            /// Returns the patched library in a per-user cache directory that also links every libtorch
            /// library, so the copy's <c>$ORIGIN</c> run path finds the same files TorchSharp will load.
            /// </summary>
            public string EnsurePatchedCopy(byte[] original, IReadOnlyList<ElfVersionRequirement> plan, string cacheRoot)
            {
                string key = Key(original);
                string final = Path.Combine(cacheRoot, key);
                string patched = Path.Combine(final, LibraryFile);
                if (IsComplete(final)) return patched;

                Directory.CreateDirectory(cacheRoot);
                string staging = Path.Combine(cacheRoot, $".{key}.{Guid.NewGuid():N}");
                Directory.CreateDirectory(staging);
                try
                {
                    foreach (string directory in LibTorchDirectories)
                    {
                        foreach (string file in Directory.GetFiles(directory))
                        {
                            string name = Path.GetFileName(file);
                            if (name == LibraryFile || !name.Contains(".so", StringComparison.Ordinal)) continue;
                            string link = Path.Combine(staging, name);
                            if (!File.Exists(link)) File.CreateSymbolicLink(link, file);
                        }
                    }
                    byte[] bytes = (byte[])original.Clone();
                    MarkerVersionPatch.Apply(bytes, plan);
                    NativeLibraryPatcher.WriteAtomically(Path.Combine(staging, LibraryFile), bytes);

                    if (Directory.Exists(final) && !IsComplete(final)) Directory.Delete(final, recursive: true);
                    try
                    {
                        Directory.Move(staging, final);
                    }
                    catch (IOException) when (IsComplete(final))
                    {
                        // Another process finished the same copy first.
                    }
                }
                finally
                {
                    if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                }
                return patched;
            }

            private string Key(byte[] original)
            {
                var text = new StringBuilder();
                text.Append(Convert.ToHexString(SHA256.HashData(original)));
                foreach (string directory in LibTorchDirectories) text.Append('|').Append(Path.GetFullPath(directory));
                return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24].ToLowerInvariant();
            }

            private static bool IsComplete(string directory)
            {
                if (!File.Exists(Path.Combine(directory, LibraryFile))) return false;
                // Links dangle when the NuGet cache was cleared: then the copy is rebuilt.
                return Directory.GetFiles(directory).All(f => new FileInfo(f).LinkTarget is not string target || File.Exists(target));
            }
        }
    }
}
