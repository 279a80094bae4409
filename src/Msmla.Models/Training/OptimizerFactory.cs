using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>Builds TorchSharp optimizers from <see cref="OptimizerOptions"/> and saves and restores their state.</summary>
    internal static class OptimizerFactory
    {
        private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_tensorFields = new();

        /// <summary>Creates the optimizer over <paramref name="parameters"/> (create it after the model has moved to its device).</summary>
        public static OptimizerHelper Create(OptimizerOptions options, IEnumerable<Parameter> parameters)
        {
            options.Validate();
            return options switch
            {
                AdamOptions adam => optim.Adam(parameters, adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay, adam.AmsGrad),
                NadamOptions nadam => optim.NAdam(parameters, nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon, nadam.WeightDecay, nadam.MomentumDecay),
                AdamWOptions adamW => optim.AdamW(parameters, adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay, adamW.AmsGrad),
                SgdOptions sgd => optim.SGD(parameters, sgd.LearningRate, sgd.Momentum, 0.0, sgd.WeightDecay, sgd.Nesterov),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.GetType(), "Unknown optimizer."),
            };
        }

        /// <summary>
        /// Gives every state tensor of the optimizer (moments, momentum buffers) the default contiguous layout. TorchSharp
        /// creates them like their parameters, channels-last for the 4-D weights of a channels-last model, and its
        /// <c>save_state_dict</c> / <c>load_state_dict</c> only handle contiguous tensors. The updates are elementwise, so the
        /// layout of the state does not change what they compute. Call it after creating the optimizer and after its first
        /// step (SGD creates its momentum buffers then); it costs a stride check per tensor once nothing is left to convert.
        /// </summary>
        public static void MakeStateContiguous(OptimizerHelper optimizer)
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

        /// <summary>Sets the learning rate of every parameter group.</summary>
        public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
        {
            foreach (optim.ILearningRateController group in optimizer.ParamGroups) group.LearningRate = learningRate;
        }

        private static FieldInfo[] TensorFields(Type type) =>
            s_tensorFields.GetOrAdd(type, t => t.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.FieldType == typeof(Tensor)).ToArray());

        /// <summary>The optimizer state in TorchSharp's format.</summary>
        public static byte[] SaveState(OptimizerHelper optimizer)
        {
            MakeStateContiguous(optimizer);
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                optimizer.save_state_dict(writer);
            }
            return stream.ToArray();
        }

        /// <summary>Restores a state written by <see cref="SaveState"/>; every state tensor ends on its parameter's device.</summary>
        public static void LoadState(OptimizerHelper optimizer, byte[] state, Device device, string path)
        {
            using var stream = new MemoryStream(state, writable: false);
            using var reader = new BinaryReader(stream);
            try
            {
                optimizer.load_state_dict(reader);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException or IOException)
            {
                throw new InvalidDataException($"The optimizer state in {path} does not fit this model's {optimizer.GetType().Name} optimizer: {e.Message}", e);
            }
            if (stream.Position != stream.Length)
                throw new InvalidDataException($"The optimizer state in {path} has {stream.Length - stream.Position} bytes more than this model's {optimizer.GetType().Name} optimizer reads.");
            // TorchSharp's SGD re-creates a missing momentum buffer on the CPU when loading: move it to the device.
            if (device.type != DeviceType.CPU)
            {
                foreach (OptimizerState s in optimizer.state_dict().State)
                {
                    if (s is SGD.State sgd && sgd.momentum_buffer is Tensor buffer && buffer.device_type != device.type)
                    {
                        sgd.momentum_buffer = buffer.to(device).DetachFromDisposeScope();
                        buffer.Dispose();
                    }
                }
            }
        }
    }
}
