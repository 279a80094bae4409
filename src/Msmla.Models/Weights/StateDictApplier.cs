using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Copies a state dictionary read from a file into a module after checking everything first: keys (strict or
    /// not), shapes, kinds of element type and finiteness. Nothing is copied when any check fails, so a refused file
    /// leaves the model as it was.
    /// </summary>
    internal static class StateDictApplier
    {
        /// <summary>Most keys listed in one message; the count of the rest follows.</summary>
        private const int ListedKeys = 12;

        /// <summary>The BatchNorm step counter: PyTorch accepts files without it (before 0.4.1, and Keras has none).</summary>
        private const string BatchCounterSuffix = "num_batches_tracked";

        /// <summary>
        /// Reads a weights file with <paramref name="read"/> and applies it to <paramref name="module"/> (what
        /// <see cref="PyTorchWeights.Load"/> and <see cref="TorchSharpWeights.Load"/> share); the read tensors are disposed.
        /// </summary>
        public static WeightLoadReport Load(nn.Module module, string path, WeightLoadOptions? options, Func<string, Dictionary<string, Tensor>> read)
        {
            ArgumentNullException.ThrowIfNull(module);
            ArgumentException.ThrowIfNullOrEmpty(path);
            FoldedModels.Refuse(module, "load weights into");
            TorchRuntime.EnsureLoaded();
            Dictionary<string, Tensor> tensors = read(path);
            try
            {
                return Apply(module, tensors, path, options ?? WeightLoadOptions.Default);
            }
            finally
            {
                foreach (Tensor t in tensors.Values) t.Dispose();
            }
        }

        /// <summary>Checks <paramref name="source"/> against the module's state and copies it in.</summary>
        /// <param name="module">The module to fill.</param>
        /// <param name="source">Tensors by state key, as read from <paramref name="filePath"/>; not disposed here.</param>
        /// <param name="filePath">The file, for messages and the report.</param>
        /// <param name="options">Strictness and the NaN policy.</param>
        /// <exception cref="WeightFileException">The tensors do not fit the module; the message lists every problem of the first kind found.</exception>
        public static WeightLoadReport Apply(nn.Module module, IReadOnlyDictionary<string, Tensor> source, string filePath, WeightLoadOptions options)
        {
            ArgumentNullException.ThrowIfNull(module);
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(options);

            Dictionary<string, Tensor> target = module.state_dict();
            var missing = target.Keys.Where(k => !source.ContainsKey(k)).ToList();
            var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var tolerated = missing.Where(k => k.EndsWith(BatchCounterSuffix, StringComparison.Ordinal)).ToList();
            var strictMissing = missing.Except(tolerated).ToList();

            if (options.Strict && (strictMissing.Count > 0 || unexpected.Count > 0))
            {
                var parts = new List<string>();
                if (strictMissing.Count > 0) parts.Add($"missing {strictMissing.Count} key(s) the model needs: {List(strictMissing)}");
                if (unexpected.Count > 0) parts.Add($"{unexpected.Count} unexpected key(s) the model does not have: {List(unexpected)}");
                throw new WeightFileException(filePath,
                    $"the weights do not match the model ({target.Count} tensors): {string.Join("; ", parts)}. " +
                    "Is it a file of another architecture or other options? Load with Strict = false to take only the common keys.");
            }

            var common = target.Keys.Where(source.ContainsKey).ToList();
            var shapeProblems = new List<string>();
            var typeProblems = new List<string>();
            foreach (string key in common)
            {
                Tensor from = source[key];
                Tensor to = target[key];
                if (!from.shape.SequenceEqual(to.shape))
                    shapeProblems.Add($"'{key}' is {Shape(from.shape)} in the file but {Shape(to.shape)} in the model");
                else if (IsFloating(from.dtype) != IsFloating(to.dtype) || !IsSupported(from.dtype))
                    typeProblems.Add($"'{key}' is {from.dtype} in the file but {to.dtype} in the model");
            }
            if (shapeProblems.Count > 0)
                throw new WeightFileException(filePath,
                    $"{shapeProblems.Count} tensor(s) have the wrong shape for the model: {List(shapeProblems)}. " +
                    "The file was saved from a model with other options (bands, classes, widths) or another architecture.");
            if (typeProblems.Count > 0)
                throw new WeightFileException(filePath, $"{typeProblems.Count} tensor(s) have an element type that cannot be converted: {List(typeProblems)}.");

            var nonFinite = new List<string>();
            var nonFiniteDetail = new List<string>();
            using (var scope = NewDisposeScope())
            {
                foreach (string key in common)
                {
                    Tensor from = source[key];
                    if (!IsFloating(from.dtype)) continue;
                    long bad = from.isfinite().logical_not().sum().item<long>();
                    if (bad == 0) continue;
                    nonFinite.Add(key);
                    nonFiniteDetail.Add(string.Create(CultureInfo.InvariantCulture, $"'{key}' ({bad} of {from.numel()} values)"));
                }
            }
            if (nonFinite.Count > 0 && !options.AllowNonFinite)
                throw new WeightFileException(filePath,
                    $"{nonFinite.Count} tensor(s) hold NaN or infinite values: {List(nonFiniteDetail)}. " +
                    "Such weights give NaN predictions (diverged training?); set AllowNonFinite to load them anyway.");

            using (no_grad())
            {
                foreach (string key in common)
                    target[key].copy_(source[key]);
            }

            return new WeightLoadReport(filePath, common, missing, unexpected, nonFinite);
        }

        internal static bool IsFloating(ScalarType type) =>
            type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;

        private static bool IsSupported(ScalarType type) =>
            type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16
                or ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;

        internal static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

        internal static string List(IReadOnlyCollection<string> items) =>
            items.Count <= ListedKeys
                ? string.Join(", ", items)
                : string.Join(", ", items.Take(ListedKeys)) + $" and {items.Count - ListedKeys} more";
    }
}
