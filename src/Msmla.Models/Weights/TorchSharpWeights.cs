using System;
using System.Collections.Generic;
using System.IO;
using Msmla.Core.IO;
using Msmla.Core.Runtime;
using Msmla.Models.Training;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Bare weights in TorchSharp's own format (what <c>Module.save</c> writes), without a sidecar: for loading into a
    /// model you built yourself. <see cref="LczModels.Save"/> / <see cref="LczModels.Load"/> add the sidecar that
    /// rebuilds the model.
    /// </summary>
    public static class TorchSharpWeights
    {
        /// <summary>Loads a TorchSharp weights file into a module, checking keys, shapes, types and finiteness first.</summary>
        /// <exception cref="WeightFileException">The file is missing, truncated, not TorchSharp's format, or does not fit the module.</exception>
        /// <exception cref="InvalidOperationException">The module is an <see cref="LczModel"/> whose BatchNorm is folded.</exception>
        public static WeightLoadReport Load(nn.Module module, string path, WeightLoadOptions? options = null)
            => StateDictApplier.Load(module, path, options, TorchSharpStateDictFile.Read);

        /// <summary>
        /// Saves a module's weights in TorchSharp's format (what <c>Module.save</c> writes; <c>Module.load</c> reads the
        /// file), atomically (temporary file, then rename). Each tensor is written from a contiguous CPU copy and streamed
        /// to the file, so channels-last models (<see cref="LczModel.UseChannelsLast"/>, which <c>Module.save</c> refuses)
        /// and models on CUDA save too; the file does not depend on the layout or the device.
        /// </summary>
        /// <exception cref="InvalidOperationException">The module is an <see cref="LczModel"/> whose BatchNorm is folded.</exception>
        public static void Save(nn.Module module, string path)
        {
            ArgumentNullException.ThrowIfNull(module);
            ArgumentException.ThrowIfNullOrEmpty(path);
            FoldedModels.Refuse(module, "save");
            TorchRuntime.EnsureLoaded();
            AtomicFile.Write(path, temporary =>
            {
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
                ModelStateFormat.Write(module, stream);
            });
        }
    }
}
