using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Core.TorchSharpWorkarounds
{
    /// <summary>
    /// Gives every state tensor of a TorchSharp optimizer (moments, momentum buffers) the default contiguous layout, so
    /// that <c>save_state_dict</c> and <c>load_state_dict</c> work for channels-last models. Two workarounds of TorchSharp
    /// 0.107.0 in one:
    /// <list type="bullet">
    /// <item>The optimizers create their state like the parameters, channels-last for the 4-D weights of a channels-last
    /// model, and <c>save_state_dict</c> / <c>load_state_dict</c> write and read them with <c>Tensor.Save</c> /
    /// <c>Tensor.Load</c>, which only handle contiguous tensors (dotnet/TorchSharp#1255, see
    /// <see cref="ContiguousTensorSave"/>).</item>
    /// <item>TorchSharp has no API that lists an <c>OptimizerState</c>'s tensors, so they are found by reflection over its
    /// public <c>Tensor</c> fields (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, ...). No upstream issue found.</item>
    /// </list>
    /// The updates are elementwise, so the layout of the state does not change what they compute. Delete when
    /// <c>Tensor.Save</c> handles any layout.
    /// </summary>
    internal static class OptimizerStateLayout
    {
        private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_tensorFields = new();

        /// <summary>
        /// Makes every state tensor of <paramref name="optimizer"/> contiguous. Call it after creating the optimizer and
        /// after its first step (SGD creates its momentum buffers then); it costs a stride check per tensor once nothing is
        /// left to convert.
        /// </summary>
        public static void MakeContiguous(OptimizerHelper optimizer)
        {
            foreach (OptimizerState state in optimizer.state_dict().State)
            {
                foreach (FieldInfo field in TensorFields(state.GetType()))
                {
                    if (field.GetValue(state) is not Tensor tensor || tensor.is_contiguous()) continue;
                    Tensor contiguous = tensor.contiguous().DetachFromDisposeScope();
                    field.SetValue(state, contiguous);
                    tensor.Dispose();
                }
            }
        }

        private static FieldInfo[] TensorFields(Type type) =>
            s_tensorFields.GetOrAdd(type, t => t.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.FieldType == typeof(Tensor)).ToArray());
    }
}
