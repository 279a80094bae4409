using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Runtime;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Imports weights saved by the original Keras code (<c>model.save_weights("x.h5")</c>) into MSMLA-18/50,
    /// Sen2LCZ-Net(-MF) and the CNN of Rosentreter et al.
    /// </summary>
    /// <remarks>
    /// Keras layers are mapped to the model by kind (Conv2D, Dense, BatchNormalization) in Keras creation order,
    /// recovered from Keras' automatic layer numbers, plus the names the original code gives explicitly (MSMLA's
    /// residual blocks); <see cref="KerasLayerPlan"/> documents the order per architecture. Every shape is checked
    /// before any value is read (so a file cannot make the import allocate more than the model holds), and the import refuses a file with a missing, extra or differently shaped layer, a
    /// layer of an unknown kind, or non-finite values, naming the Keras layer, the target and both shapes. BatchNorm
    /// epsilon is not stored by Keras: the model's <see cref="LczModelOptions.BatchNormEpsilon"/> (Keras' default 1e-3)
    /// applies. BatchNorm's <c>num_batches_tracked</c> has no Keras counterpart and keeps its value.
    /// </remarks>
    public static class KerasWeights
    {
        /// <summary>Imports a Keras HDF5 weight file into a model.</summary>
        /// <param name="model">The model to fill; it must be built with the options the Keras model had (bands, classes, widths).</param>
        /// <param name="path">The .h5 file written by Keras' <c>save_weights</c> (or a whole-model .h5 from <c>model.save</c>).</param>
        /// <param name="allowNonFinite">Load NaN or infinite values instead of refusing them (for inspection only).</param>
        /// <returns>The layer mapping and the keys loaded.</returns>
        /// <exception cref="WeightFileException">The file is missing, not HDF5, not Keras' layout, or does not fit the model; nothing is loaded then.</exception>
        /// <exception cref="NotSupportedException">The model has no Keras original (LCZNet, the textbook CBAM).</exception>
        /// <exception cref="InvalidOperationException">The model's BatchNorm is folded.</exception>
        public static KerasImportReport Import(LczModel model, string path, bool allowNonFinite = false)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (model.IsBatchNormFolded)
                throw new InvalidOperationException($"{model.Info.Name}: cannot import weights into a model whose BatchNorm is folded; import into a fresh model.");
            TorchRuntime.EnsureLoaded();
            IReadOnlyList<KerasLayerTarget> plan = KerasLayerPlan.For(model);
            using KerasWeightReader reader = KerasWeightReader.Open(path);
            KerasWeightLayout file = reader.ReadLayout();
            List<(KerasLayerEntry Layer, KerasLayerTarget Target)> pairs = Match(model, plan, file);

            // Every shape is checked before any value is read: a file cannot make the import allocate more than the model holds.
            Dictionary<string, Tensor> modelState = model.state_dict();
            foreach ((KerasLayerEntry layer, KerasLayerTarget target) in pairs) CheckShapes(model, file.FilePath, layer, target, modelState);
            var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                foreach ((KerasLayerEntry layer, KerasLayerTarget target) in pairs)
                {
                    var weights = new KerasLayerWeights(layer.Name, layer.Kind,
                        layer.Weights.Select(w => new KerasWeight(w.Name, w.Role, w.Shape, reader.ReadValues(w))).ToList());
                    foreach (var (suffix, tensor) in KerasWeightConverter.Convert(weights, target))
                        state.Add(target.Target + "." + suffix, tensor);
                }
                WeightLoadReport load = StateDictApplier.Apply(model, state, file.FilePath,
                    new WeightLoadOptions { Strict = true, AllowNonFinite = allowNonFinite });
                var mappings = pairs.Select(p => new KerasLayerMapping(p.Layer.Name, p.Target.Kind, p.Target.Target)).ToList();
                return new KerasImportReport(file.FilePath, file.KerasVersion, mappings, load);
            }
            finally
            {
                foreach (Tensor t in state.Values) t.Dispose();
            }
        }

        /// <summary>Pairs every expected layer with a file layer: explicit names first, then by kind in creation order.</summary>
        private static List<(KerasLayerEntry, KerasLayerTarget)> Match(LczModel model, IReadOnlyList<KerasLayerTarget> plan, KerasWeightLayout file)
        {
            string name = model.Info.Name;
            var unknown = file.Layers.Where(l => l.Kind == KerasLayerKind.Other).ToList();
            if (unknown.Count > 0)
                throw new WeightFileException(file.FilePath,
                    $"{unknown.Count} layer(s) hold weights of a kind the {name} import does not know: " +
                    StateDictApplier.List(unknown.Select(l => $"'{l.Name}' [{string.Join(", ", l.Weights.Select(w => $"{w.Role} {w.ShapeText}"))}]").ToList()) +
                    ". Is it a file of another model?");

            var byName = file.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
            var assigned = new Dictionary<KerasLayerTarget, KerasLayerEntry>(ReferenceEqualityComparer.Instance);
            var used = new HashSet<string>(StringComparer.Ordinal);
            var missingNamed = new List<string>();
            foreach (KerasLayerTarget target in plan.Where(t => t.KerasName != null))
            {
                if (!byName.TryGetValue(target.KerasName!, out KerasLayerEntry? layer))
                {
                    missingNamed.Add(target.KerasName!);
                    continue;
                }
                if (layer.Kind != target.Kind)
                    throw new WeightFileException(file.FilePath, $"layer '{layer.Name}' is a {layer.Kind} in the file but {name} expects a {target.Kind} there (for '{target.Target}').");
                assigned[target] = layer;
                used.Add(layer.Name);
            }
            if (missingNamed.Count > 0)
                throw new WeightFileException(file.FilePath,
                    $"{missingNamed.Count} layer(s) that the released {name} code names are not in the file: {StateDictApplier.List(missingNamed)}. " +
                    "Is it a file of another model, or of MSMLA with other stage depths?");

            foreach (KerasLayerKind kind in new[] { KerasLayerKind.Conv2D, KerasLayerKind.BatchNormalization, KerasLayerKind.Dense })
            {
                var expected = plan.Where(t => t.KerasName == null && t.Kind == kind).ToList();
                var available = file.Layers.Where(l => l.Kind == kind && !used.Contains(l.Name)).ToList();
                if (expected.Count != available.Count)
                    throw new WeightFileException(file.FilePath,
                        $"{name} has {expected.Count} {kind} layer(s) to fill{(expected.Count > 0 && plan.Any(t => t.KerasName != null) ? " besides the named ones" : "")} " +
                        $"but the file has {available.Count}{(available.Count > 0 ? ": " + StateDictApplier.List(available.Select(l => l.Name).ToList()) : "")}. " +
                        "Is it a file of another architecture or other stage depths?");
                IReadOnlyList<KerasLayerEntry> ordered = KerasLayerOrder.CreationOrder(available, l => l.Name, kind);
                for (int i = 0; i < expected.Count; i++) assigned[expected[i]] = ordered[i];
            }
            return plan.Select(t => (assigned[t], t)).ToList();
        }

        private static void CheckShapes(LczModel model, string path, KerasLayerEntry layer, KerasLayerTarget target, Dictionary<string, Tensor> modelState)
        {
            string prefix = target.Target + ".";
            var keys = modelState.Keys
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('.', prefix.Length) < 0 && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                .ToList();
            if (keys.Count == 0)
                throw new InvalidOperationException($"{model.Info.Name} has no submodule '{target.Target}' for Keras layer '{layer.Name}': the import plan and the model disagree.");
            var roles = new HashSet<string>(StringComparer.Ordinal);
            foreach (string key in keys)
            {
                string suffix = key[prefix.Length..];
                (string role, long[] shape) = KerasWeightConverter.KerasCounterpart(target.Kind, suffix, modelState[key].shape);
                roles.Add(role);
                KerasWeightEntry? weight = layer.Find(role);
                if (weight == null)
                    throw new WeightFileException(path, $"Keras layer '{layer.Name}' has no {role} but '{target.Target}' of {model.Info.Name} needs one ({role} of shape ({string.Join(", ", shape)})).");
                if (!weight.Shape.SequenceEqual(shape))
                    throw new WeightFileException(path,
                        $"Keras layer '{layer.Name}' ({target.Kind}) does not fit '{target.Target}' of {model.Info.Name}: its {role} is {weight.ShapeText} " +
                        $"but the model needs ({string.Join(", ", shape)}). The file was saved from a model with other bands ({model.Options.Bands} here), " +
                        $"classes ({model.Options.Classes} here), widths or patch size, or from another architecture.");
            }
            var extra = layer.Weights.Where(w => !roles.Contains(w.Role)).Select(w => w.Role).ToList();
            if (extra.Count > 0)
                throw new WeightFileException(path, $"Keras layer '{layer.Name}' has {string.Join(", ", extra)} that '{target.Target}' of {model.Info.Name} has no place for.");
        }
    }
}
