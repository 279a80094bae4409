using System;
using System.Collections.Generic;
using System.IO;
using Msmla.Core.TorchSharpWorkarounds;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Builds TorchSharp optimizers from <see cref="OptimizerOptions"/> and saves and restores their state (through the
    /// TorchSharp 0.107 workarounds <see cref="OptimizerStateLayout"/> and <see cref="SgdMomentumBufferDevice"/>).
    /// </summary>
    internal static class OptimizerFactory
    {
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

        /// <summary>Sets the learning rate of every parameter group.</summary>
        public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
        {
            foreach (optim.ILearningRateController group in optimizer.ParamGroups) group.LearningRate = learningRate;
        }

        /// <summary>The optimizer state in TorchSharp's format.</summary>
        public static byte[] SaveState(OptimizerHelper optimizer)
        {
            OptimizerStateLayout.MakeContiguous(optimizer);
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
            SgdMomentumBufferDevice.MoveTo(optimizer, device);
        }
    }
}
