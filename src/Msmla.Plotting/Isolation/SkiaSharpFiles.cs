using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Msmla.Plotting.Isolation
{
    /// <summary>
    /// Where the assemblies of <see cref="PlottingLoadContext"/> and native libSkiaSharp lie: next to Msmla.Plotting
    /// (an application's output) or in the NuGet packages folders that Msmla.Plotting and ScottPlot were loaded from,
    /// <c>NUGET_PACKAGES</c>, <c>~/.nuget/packages</c> and <c>NUGET_FALLBACK_PACKAGES</c> (a notebook's packages).
    /// </summary>
    internal sealed record SkiaSharpFiles(IReadOnlyDictionary<string, string> Assemblies, string NativeLibrary)
    {
        private static readonly string[] LibraryFrameworks = { "net8.0", "net6.0", "netstandard2.1", "netstandard2.0" };
        private static readonly string[] NativePackages =
        {
            "skiasharp.nativeassets.linux.nodependencies", "skiasharp.nativeassets.linux", "skiasharp.nativeassets.win32", "skiasharp.nativeassets.macos",
        };

        /// <summary>Finds the files of SkiaSharp <paramref name="version"/>.</summary>
        /// <param name="version">The assembly version of SkiaSharp to find.</param>
        /// <param name="bound">The SkiaSharp the process has bound instead, for the message.</param>
        /// <exception cref="InvalidOperationException">A file is not found; the message names the places searched.</exception>
        public static SkiaSharpFiles Find(Version version, string bound)
        {
            string plotting = typeof(SkiaSharpFiles).Assembly.Location;
            string scottPlot = typeof(ScottPlot.Plot).Assembly.Location;
            if (plotting.Length == 0 || scottPlot.Length == 0)
                throw Missing(version, bound, "Msmla.Plotting or ScottPlot has no file (a single-file application)", Array.Empty<string>());

            var searched = new List<string>();
            foreach (string directory in new[] { Path.GetDirectoryName(plotting)!, Path.GetDirectoryName(scottPlot)! }.Distinct(StringComparer.Ordinal))
            {
                searched.Add(directory);
                if (Flat(directory, version) is { } flat) return Complete(flat, plotting, scottPlot);
            }
            foreach (string root in PackageRoots(plotting, scottPlot))
            {
                searched.Add(root);
                if (Packaged(root, version) is { } packaged) return Complete(packaged, plotting, scottPlot);
            }
            throw Missing(version, bound, "its files were not found", searched);
        }

        private static SkiaSharpFiles Complete((string Skia, string? HarfBuzz, string Native) found, string plotting, string scottPlot)
        {
            var assemblies = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Msmla.Plotting"] = plotting,
                ["ScottPlot"] = scottPlot,
                ["SkiaSharp"] = found.Skia,
            };
            if (found.HarfBuzz != null) assemblies["SkiaSharp.HarfBuzz"] = found.HarfBuzz;
            return new SkiaSharpFiles(assemblies, found.Native);
        }

        // An application's output: the assemblies side by side, the native library beside them or under runtimes/<rid>/native.
        private static (string, string?, string)? Flat(string directory, Version version)
        {
            string skia = Path.Combine(directory, "SkiaSharp.dll");
            if (!HasVersion(skia, version)) return null;
            string harfBuzz = Path.Combine(directory, "SkiaSharp.HarfBuzz.dll");
            string? native = NativeCandidates(directory).FirstOrDefault(File.Exists);
            return native == null ? null : (skia, HasVersion(harfBuzz, version) ? harfBuzz : null, native);
        }

        // A NuGet packages folder: <id>/<version>/lib/<framework>/<id>.dll and <native id>/<version>/runtimes/<rid>/native.
        private static (string, string?, string)? Packaged(string root, Version version)
        {
            string skiaPackage = Path.Combine(root, "skiasharp");
            if (!Directory.Exists(skiaPackage)) return null;
            foreach (string packageVersion in Directory.GetDirectories(skiaPackage).Select(Path.GetFileName).OfType<string>())
            {
                string? skia = Library(root, "skiasharp", packageVersion, "SkiaSharp.dll", version);
                if (skia == null) continue;
                string? native = NativePackages
                    .SelectMany(id => NativeCandidates(Path.Combine(root, id, packageVersion)))
                    .FirstOrDefault(File.Exists);
                if (native == null) continue;
                return (skia, Library(root, "skiasharp.harfbuzz", packageVersion, "SkiaSharp.HarfBuzz.dll", version), native);
            }
            return null;
        }

        private static string? Library(string root, string id, string packageVersion, string file, Version version) =>
            LibraryFrameworks.Select(framework => Path.Combine(root, id, packageVersion, "lib", framework, file)).FirstOrDefault(p => HasVersion(p, version));

        private static IEnumerable<string> NativeCandidates(string directory)
        {
            string file = OperatingSystem.IsWindows() ? "libSkiaSharp.dll" : OperatingSystem.IsMacOS() ? "libSkiaSharp.dylib" : "libSkiaSharp.so";
            yield return Path.Combine(directory, file);
            yield return Path.Combine(directory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file);
            if (OperatingSystem.IsMacOS()) yield return Path.Combine(directory, "runtimes", "osx", "native", file);
        }

        private static IEnumerable<string> PackageRoots(params string[] loadedFrom)
        {
            // <root>/<id>/<version>/lib/<framework>/<assembly>.dll
            var roots = loadedFrom.Select(path => Ancestor(path, 4)).OfType<string>().ToList();
            if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages) roots.Add(packages);
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (home.Length > 0) roots.Add(Path.Combine(home, ".nuget", "packages"));
            if (Environment.GetEnvironmentVariable("NUGET_FALLBACK_PACKAGES") is { Length: > 0 } fallback)
                roots.AddRange(fallback.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return roots.Where(Directory.Exists).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);
        }

        private static string? Ancestor(string path, int levels)
        {
            string? directory = Path.GetDirectoryName(path);
            for (int i = 0; i < levels && directory != null; i++) directory = Path.GetDirectoryName(directory);
            return directory;
        }

        private static bool HasVersion(string path, Version version)
        {
            if (!File.Exists(path)) return false;
            try
            {
                return AssemblyName.GetAssemblyName(path).Version == version;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }

        private static InvalidOperationException Missing(Version version, string bound, string reason, IReadOnlyList<string> searched) => new(
            $"This process has bound SkiaSharp {bound}, but Msmla.Plotting draws with ScottPlot, which needs SkiaSharp {version}; " +
            $"the plot could not be drawn in a load context of its own because {reason}" +
            (searched.Count > 0 ? $" (searched {string.Join(", ", searched)})" : "") + ". " +
            "In a notebook this comes from a cell that references TorchSharp (which depends on SkiaSharp 2.88) before any Msmla package: " +
            "restart the kernel and reference an Msmla package in the same cell as TorchSharp, or before it.");
    }
}
