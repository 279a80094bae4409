using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Core.TorchSharpWorkarounds
{
    /// <summary>
    /// Writes a tensor in TorchSharp's <c>Tensor.Save</c> format from a contiguous CPU copy. TorchSharp 0.107's
    /// <c>Tensor.Save</c> (and so <c>Module.save</c> and an optimizer's <c>save_state_dict</c>) writes the tensor's raw
    /// bytes (<c>Tensor.bytes</c>), which it refuses for non-contiguous tensors, such as the 4-D weights of a channels-last
    /// model; <c>Tensor.Load</c> likewise fills the storage as if it were contiguous. So Msmla saves from contiguous copies
    /// and loads into fresh tensors that it copies into place.
    /// </summary>
    /// <remarks>
    /// Works around TorchSharp 0.107.0. Upstream: dotnet/TorchSharp#1255 "Tensor.Save for non-contiguous tensors"
    /// (closed; 0.107 still refuses, as the sentinel test in Msmla.Core.Tests shows). When <c>Tensor.Save</c> handles any
    /// layout, <see cref="Save"/> becomes <c>tensor.Save(writer)</c>.
    /// </remarks>
    internal static class ContiguousTensorSave
    {
        /// <summary>Writes <paramref name="tensor"/> (any device and layout) as <c>Tensor.Save</c> writes a contiguous CPU tensor.</summary>
        public static void Save(Tensor tensor, BinaryWriter writer)
        {
            using var scope = NewDisposeScope();
            tensor.detach().cpu().contiguous().Save(writer);
        }
    }
}
