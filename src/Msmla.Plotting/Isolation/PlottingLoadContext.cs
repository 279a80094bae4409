using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Msmla.Plotting.Isolation
{
    /// <summary>
    /// The load context of <see cref="SkiaSharpIsolation"/>: Msmla.Plotting, ScottPlot, SkiaSharp and SkiaSharp.HarfBuzz
    /// from the files of <see cref="SkiaSharpFiles"/>, and native libSkiaSharp from its own file; every other assembly
    /// (Msmla.Core, HarfBuzzSharp, the base library) is shared with the context that loaded Msmla.Plotting, so Msmla.Core
    /// objects pass between the two.
    /// </summary>
    internal sealed class PlottingLoadContext : AssemblyLoadContext
    {
        private readonly SkiaSharpFiles _files;

        public PlottingLoadContext(SkiaSharpFiles files)
            : base("Msmla.Plotting (SkiaSharp " + SkiaSharpIsolation.BuiltVersion + ")")
        {
            _files = files;
        }

        /// <inheritdoc />
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && _files.Assemblies.TryGetValue(name, out string? path) ? LoadFromAssemblyPath(path) : null;

        /// <inheritdoc />
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            unmanagedDllName.StartsWith("libSkiaSharp", StringComparison.Ordinal) || unmanagedDllName == "SkiaSharp"
                ? NativeLibrary.Load(_files.NativeLibrary)
                : IntPtr.Zero;
    }
}
