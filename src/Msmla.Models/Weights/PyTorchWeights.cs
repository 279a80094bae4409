using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Runtime;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Moves weights between Msmla models and PyTorch: <c>state_dict</c> files saved with <c>torch.save</c>
    /// (.pt / .pth) or as safetensors load into a model, and a model saves to either for
    /// <c>model.load_state_dict(torch.load(path))</c> in Python. Keys are the model's state keys (its submodule
    /// names), including BatchNorm's <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c>, exactly as
    /// PyTorch names them, so a PyTorch module with the same attribute names loads the file strictly.
    /// </summary>
    /// <remarks>
    /// The files are read and written with TorchSharp.PyBridge; loading then checks keys, shapes, element types and
    /// finiteness itself before changing the model (see <see cref="WeightLoadOptions"/>). Floating-point tensors of
    /// another precision (float64, float16) are converted to the model's type. A file without
    /// <c>num_batches_tracked</c> loads, as in PyTorch; the counter then keeps its value (it does not affect
    /// prediction when the momentum is set).
    /// </remarks>
    public static class PyTorchWeights
    {
        /// <summary>Loads a PyTorch state_dict file (format detected from its content) into a module.</summary>
        /// <param name="module">The model (or any TorchSharp module) to fill.</param>
        /// <param name="path">A .pt/.pth file from <c>torch.save(model.state_dict(), path)</c>, or a .safetensors file.</param>
        /// <param name="options">Strictness and NaN policy; default strict, finite only.</param>
        /// <returns>Which keys were loaded, missing or unexpected.</returns>
        /// <exception cref="WeightFileException">The file is missing, truncated, of another format, or does not fit the module.</exception>
        /// <exception cref="InvalidOperationException">The module is an <see cref="LczModel"/> whose BatchNorm is folded.</exception>
        public static WeightLoadReport Load(nn.Module module, string path, WeightLoadOptions? options = null)
            => StateDictApplier.Load(module, path, options, PyTorchStateDictFile.Read);

        /// <summary>Saves a module's state_dict for PyTorch, atomically (temporary file, then rename).</summary>
        /// <param name="module">The model to save.</param>
        /// <param name="path">The destination; the format follows the extension unless <paramref name="format"/> is given.</param>
        /// <param name="format">Pickle (<c>torch.load</c>) or safetensors; null = from the extension (.pt/.pth/.bin or .safetensors).</param>
        /// <exception cref="ArgumentException">No format was given and the extension names none.</exception>
        /// <exception cref="InvalidOperationException">The module is an <see cref="LczModel"/> whose BatchNorm is folded.</exception>
        public static void Save(nn.Module module, string path, PyTorchWeightFormat? format = null)
        {
            ArgumentNullException.ThrowIfNull(module);
            ArgumentException.ThrowIfNullOrEmpty(path);
            FoldedModels.Refuse(module, "save");
            TorchRuntime.EnsureLoaded();
            PyTorchWeightFormat chosen = format ?? PyTorchWeightFormats.FromExtension(path);
            PyTorchStateDictFile.Write(path, module.state_dict(), chosen);
        }

        /// <summary>
        /// Reads the tensors of a PyTorch state_dict file without loading them into a model, for inspection.
        /// The caller owns (and disposes) the returned tensors.
        /// </summary>
        /// <exception cref="WeightFileException">The file is missing, truncated or of another format.</exception>
        public static IReadOnlyDictionary<string, Tensor> ReadStateDict(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            TorchRuntime.EnsureLoaded();
            return PyTorchStateDictFile.Read(path);
        }
    }
}
