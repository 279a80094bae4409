using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Compares the tensors a weights file records (keys, types and shapes, read before any value) with those a model
    /// of an architecture and options would have, before that model is built, so that options edited in a sidecar or
    /// checkpoint cannot make a loader allocate what they ask for. The expected shapes come from the architectures' own
    /// code, run on libtorch's <c>meta</c> device (tensors with shapes and no storage; the device is passed to every
    /// layer, not set as TorchSharp's process-wide default). Options may ask for at most <see cref="MaxBlocks"/> blocks,
    /// and no more blocks than the file holds tensors, which bounds that construction too. Once the shapes agree, the
    /// real model holds exactly what the file holds.
    /// </summary>
    internal static class ModelShapes
    {
        /// <summary>The most blocks (the sum of <see cref="LczModelOptions.StageDepths"/>) a file's options may ask for.</summary>
        public const int MaxBlocks = 1024;

        private const int ListedDifferences = 3;

        /// <summary>Throws <see cref="WeightFileException"/> naming <paramref name="path"/> when its tensors differ from what the options imply.</summary>
        /// <exception cref="ArgumentException">The options are invalid for the architecture.</exception>
        public static void CheckFile(string path, LczArchitecture architecture, LczModelOptions options)
        {
            string? mismatch = Mismatch(architecture, options, TorchSharpStateDictFile.ReadEntries(path));
            if (mismatch != null)
                throw new WeightFileException(path, $"the weights do not fit the {ArchitectureDefaults.For(architecture).Name} that the options describe, so no model is built: {mismatch}");
        }

        /// <summary>What differs between the recorded tensors and those of <paramref name="architecture"/> with <paramref name="options"/>, or null when nothing does.</summary>
        /// <exception cref="ArgumentException">The options are invalid for the architecture.</exception>
        public static string? Mismatch(LczArchitecture architecture, LczModelOptions options, IReadOnlyList<TorchSharpStateDictFile.Entry> recorded)
        {
            LczModelOptions resolved = options.ResolveFor(architecture);
            long blocks = resolved.StageDepths!.Sum(d => (long)d);
            string depths = "[" + string.Join(", ", resolved.StageDepths!) + "]";
            if (blocks > MaxBlocks)
                return $"the options ask for {blocks:N0} blocks (StageDepths {depths}); a weights file may describe at most {MaxBlocks:N0}.";
            if (blocks > recorded.Count)
                return $"the options ask for {blocks:N0} blocks (StageDepths {depths}) but the weights hold only {recorded.Count} tensors.";

            Dictionary<string, (ScalarType Type, long[] Shape)> expected = Expected(architecture, resolved);
            var byKey = recorded.ToDictionary(e => e.Key, StringComparer.Ordinal);
            var differences = new List<string>();
            foreach ((string key, (ScalarType type, long[] shape)) in expected)
            {
                if (!byKey.TryGetValue(key, out TorchSharpStateDictFile.Entry? entry))
                    differences.Add($"'{key}' {StateDictApplier.Shape(shape)} is missing from the weights");
                else if (!entry.Shape.SequenceEqual(shape))
                    differences.Add($"'{key}' is {StateDictApplier.Shape(shape)} for these options but {StateDictApplier.Shape(entry.Shape)} in the weights");
                else if (entry.Type != type)
                    differences.Add($"'{key}' is {type} for these options but {entry.Type} in the weights");
            }
            differences.AddRange(recorded.Where(e => !expected.ContainsKey(e.Key)).Select(e => $"the weights hold '{e.Key}', which these options have no place for"));
            if (differences.Count == 0) return null;
            return string.Join("; ", differences.Take(ListedDifferences)) +
                   (differences.Count > ListedDifferences ? $" (and {differences.Count - ListedDifferences} more differences)." : ".");
        }

        /// <summary>The state keys, types and shapes of a model, from a build on the meta device (no storage).</summary>
        private static Dictionary<string, (ScalarType, long[])> Expected(LczArchitecture architecture, LczModelOptions options)
        {
            TorchRuntime.EnsureLoaded();   // the first TorchSharp call of a process may be this one
            using LczModel shapes = LczModels.CreateOn(architecture, options, device(DeviceType.META));
            return shapes.state_dict().ToDictionary(kv => kv.Key, kv => (kv.Value.dtype, kv.Value.shape), StringComparer.Ordinal);
        }
    }
}
