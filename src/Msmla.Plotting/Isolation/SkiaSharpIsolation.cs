using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Msmla.Core.Metrics;
using SkiaSharp;

namespace Msmla.Plotting.Isolation
{
    /// <summary>
    /// Renders plots when the process has bound another major version of SkiaSharp than the one ScottPlot needs. That
    /// happens in a notebook: .NET Interactive resolves each <c>#r "nuget: ..."</c> cell on its own and loads the
    /// SkiaSharp of the first cell that brings one at once, so a cell with TorchSharp alone (which depends on SkiaSharp
    /// 2.88) followed by a cell with Msmla.Plotting leaves SkiaSharp 2.88 bound for ScottPlot, which fails ("The version
    /// of the native libSkiaSharp library (119.0) is incompatible"). Then the plot is drawn by a second copy of this
    /// assembly in a <see cref="PlottingLoadContext"/> that holds ScottPlot and the SkiaSharp it was built against;
    /// the plot's data and options cross over as Msmla.Core and base library types.
    /// </summary>
    internal static class SkiaSharpIsolation
    {
        private static readonly Lazy<(Version? Version, string Description)> s_bound = new(BoundSkiaSharp);
        private static readonly Lazy<MethodInfo> s_renderer = new(CreateRenderer);

        /// <summary>True when the SkiaSharp this assembly binds to is not of the major version it was built against.</summary>
        public static bool IsNeeded => s_bound.Value.Version?.Major != BuiltVersion.Major;

        /// <summary>The SkiaSharp version this assembly was built against.</summary>
        public static Version BuiltVersion { get; } =
            typeof(SkiaSharpIsolation).Assembly.GetReferencedAssemblies().First(a => a.Name == "SkiaSharp").Version!;

        /// <summary>
        /// Renders <paramref name="plot"/> (the name of a plot type) in the isolated load context, made from
        /// <paramref name="arguments"/> (see <see cref="RenderHere"/>) and a copy of <paramref name="options"/>.
        /// </summary>
        /// <exception cref="InvalidOperationException">The files of the SkiaSharp that ScottPlot needs are not on the machine.</exception>
        public static byte[] Render(string plot, object?[] arguments, object options, int width, int height)
        {
            try
            {
                return (byte[])s_renderer.Value.Invoke(null, new object?[] { plot, arguments, Properties(options), width, height })!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        /// <summary>
        /// The entry point of the copy in the isolated load context: makes the plot named <paramref name="plot"/> of
        /// its arguments (a confusion matrix and its metrics; a map's codes, width, height and extent; learning curves)
        /// and options given as property values, and renders it.
        /// </summary>
        internal static byte[] RenderHere(string plot, object?[] arguments, IReadOnlyDictionary<string, object?> options, int width, int height) => plot switch
        {
            nameof(ConfusionMatrixPlot) => new ConfusionMatrixPlot((ConfusionMatrix)arguments[0]!, (ClassificationMetrics)arguments[1]!,
                Options<ConfusionMatrixPlotOptions>(options)).ToPng(width, height),
            nameof(LczMapPlot) => new LczMapPlot((byte[])arguments[0]!, (int)arguments[1]!, (int)arguments[2]!,
                ((double Left, double Right, double Bottom, double Top)?)arguments[3], Options<LczMapPlotOptions>(options)).ToPng(width, height),
            nameof(LearningCurvePlot) => new LearningCurvePlot((ILearningCurveSource)arguments[0]!,
                Options<LearningCurvePlotOptions>(options)).ToPng(width, height),
            _ => throw new ArgumentException($"{plot} is not a plot of Msmla.Plotting.", nameof(plot)),
        };

        private static MethodInfo CreateRenderer()
        {
            var context = new PlottingLoadContext(SkiaSharpFiles.Find(BuiltVersion, s_bound.Value.Description));
            Assembly copy = context.LoadFromAssemblyName(typeof(SkiaSharpIsolation).Assembly.GetName());
            return copy.GetType(typeof(SkiaSharpIsolation).FullName!, throwOnError: true)!
                .GetMethod(nameof(RenderHere), BindingFlags.Static | BindingFlags.NonPublic)!;
        }

        // The SkiaSharp this assembly binds to, and how to name it in a message; no version when it cannot be loaded.
        private static (Version? Version, string Description) BoundSkiaSharp()
        {
            try
            {
                Version? version = typeof(SKColor).Assembly.GetName().Version;
                return (version, version?.ToString() ?? "of unknown version");
            }
            catch (System.IO.FileLoadException e)
            {
                return (null, $"that cannot be loaded ({e.Message})");
            }
        }

        private static IReadOnlyDictionary<string, object?> Properties(object options) =>
            options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.CanWrite)
                .ToDictionary(p => p.Name, p => p.GetValue(options), StringComparer.Ordinal);

        private static T Options<T>(IReadOnlyDictionary<string, object?> values) where T : new()
        {
            var options = new T();
            foreach ((string name, object? value) in values)
                typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.SetValue(options, value);
            return options;
        }
    }
}
