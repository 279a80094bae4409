using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Inference
{
    /// <summary>Builds inference copies of models: same weights, eval mode, optionally BatchNorm folded and channels-last.</summary>
    public static class InferenceModel
    {
        /// <summary>
        /// Returns a new model with <paramref name="source"/>'s architecture, options, parameters and BatchNorm statistics,
        /// on <paramref name="device"/>, in eval mode, with BatchNorm folded into the convolutions and the convolution
        /// weights in channels-last layout when asked. The source is not changed; the caller owns (and disposes) the copy.
        /// </summary>
        /// <param name="source">The trained model.</param>
        /// <param name="device">Where the copy lives; null = the CPU.</param>
        /// <param name="foldBatchNorm">Merge each BatchNorm into its convolution (inference-only afterwards).</param>
        /// <param name="channelsLast">Run channels-last (<see cref="LczModel.UseChannelsLast"/>).</param>
        /// <param name="precision">
        /// The copy's number format (<see cref="InferencePrecisions.Resolve"/> decides <see cref="InferencePrecision.Auto"/>);
        /// bfloat16 copies are folded in float32 first, then cast, and take bfloat16 input.
        /// </param>
        public static LczModel Prepare(LczModel source, Device? device = null, bool foldBatchNorm = true, bool channelsLast = false,
            InferencePrecision precision = InferencePrecision.Float32)
        {
            ArgumentNullException.ThrowIfNull(source);
            if (source.IsBatchNormFolded)
                throw new ArgumentException($"{source.Info.Name} already has its BatchNorm folded; prepare from the unfolded model.", nameof(source));
            LczModel copy = LczModels.Create(source.Architecture, source.Options);
            try
            {
                CopyState(source, copy);
                if (device != null && device.type != DeviceType.CPU) copy.to(device);
                copy.eval();
                foreach (Parameter p in copy.parameters()) p.requires_grad = false;
                if (foldBatchNorm) copy.FoldBatchNorm();
                InferencePrecision resolved = InferencePrecisions.Resolve(precision, device ?? CPU);
                if (resolved != InferencePrecision.Float32) copy.to(InferencePrecisions.ElementType(resolved));
                if (channelsLast) copy.UseChannelsLast();
                return copy;
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }

        /// <summary>Copies every parameter and buffer (BatchNorm statistics included) from one model into another of the same layout.</summary>
        /// <exception cref="ArgumentException">A key is missing or a shape differs.</exception>
        public static void CopyState(LczModel source, LczModel target)
        {
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(target);
            Dictionary<string, Tensor> from = source.state_dict();
            Dictionary<string, Tensor> to = target.state_dict();
            if (from.Count != to.Count)
                throw new ArgumentException($"{source.Info.Name} has {from.Count} tensors but {target.Info.Name} has {to.Count}.", nameof(target));
            using var _ = no_grad();
            foreach ((string key, Tensor value) in from)
            {
                if (!to.TryGetValue(key, out Tensor? destination))
                    throw new ArgumentException($"{target.Info.Name} has no tensor '{key}'.", nameof(target));
                if (!SameShape(value, destination))
                    throw new ArgumentException($"'{key}' is [{string.Join(", ", value.shape)}] in the source but [{string.Join(", ", destination.shape)}] in the target.", nameof(target));
                destination.copy_(value);
            }
        }

        private static bool SameShape(Tensor a, Tensor b)
        {
            if (a.dim() != b.dim()) return false;
            for (int i = 0; i < a.dim(); i++)
            {
                if (a.size(i) != b.size(i)) return false;
            }
            return true;
        }
    }
}
