using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Msmla.Core.Runtime;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;

namespace Msmla.Core.TorchSharpWorkarounds
{
    /// <summary>
    /// TorchSharp 0.107's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> (GCC 13's libstdc++), which Debian 12
    /// and Ubuntu 22.04 lack, and TorchSharp then fails with a misleading "no reference to libtorch-cpu" message. The only
    /// symbol behind that version is a marker with no behaviour, so a copy of the library with that requirement marked
    /// weak (<see cref="NativeLibraryPatcher"/>) loads and runs correctly: this class writes such a copy into a per-user
    /// cache, beside links to the libtorch libraries, and loads it before TorchSharp does. The build-time half is
    /// Msmla.Core.Build's <c>PatchLibTorchSharp</c> task.
    /// </summary>
    /// <remarks>
    /// Works around TorchSharp 0.107.0 (libtorch 2.10). Upstream: no TorchSharp issue reports 3.4.32 (searched); the
    /// tracking issue of this class of problem is dotnet/TorchSharp#218 "Linux native binary portability issues"
    /// (closed 2021, when the native library was built on an old Ubuntu to keep its libstdc++ needs low). Delete this
    /// class, the NativeLoad folder, Msmla.Core.Build and the build targets when TorchSharp's Linux library no longer
    /// needs a newer libstdc++ than the supported distributions have.
    /// </remarks>
    internal static class NativeLoadFix
    {
        private const string LibraryFile = "libLibTorchSharp.so";

        /// <summary>Makes TorchSharp's native library loadable on this host (see <see cref="TorchRuntime.EnsureLoaded"/>).</summary>
        public static TorchRuntimeStatus Prepare(TorchBackendKind backend, ILogger logger)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                return new TorchRuntimeStatus(TorchRuntimeAction.NotRequired, null, "not Linux: TorchSharp loads its libraries itself");
            if (Environment.GetEnvironmentVariable(TorchRuntime.DisableVariable) == "0")
                return new TorchRuntimeStatus(TorchRuntimeAction.Disabled, null, $"{TorchRuntime.DisableVariable}=0");

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
            string? configured = Environment.GetEnvironmentVariable(TorchRuntime.CacheDirectoryVariable);
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
                string libTorchVersion = typeof(NativeLoadFix).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
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
