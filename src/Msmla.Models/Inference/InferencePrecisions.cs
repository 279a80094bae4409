using System;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Inference
{
    /// <summary>Decides what <see cref="InferencePrecision.Auto"/> means on a device.</summary>
    public static class InferencePrecisions
    {
        /// <summary>
        /// <see cref="InferencePrecision.Float32"/> or <see cref="InferencePrecision.BFloat16"/>: an explicit choice as it is;
        /// <see cref="InferencePrecision.Auto"/> is bfloat16 on a CPU whose <paramref name="cpu"/> features compute it natively
        /// (AMX or AVX512-BF16) and on a CUDA device of compute capability 8.0 or later, float32 elsewhere.
        /// </summary>
        /// <param name="requested">The option's value.</param>
        /// <param name="device">The device the model runs on.</param>
        /// <param name="cpu">The CPU's features; null = <see cref="CpuFeatures.Current"/>.</param>
        public static InferencePrecision Resolve(InferencePrecision requested, Device device, CpuFeatures? cpu = null)
        {
            ArgumentNullException.ThrowIfNull(device);
            return requested switch
            {
                InferencePrecision.Float32 or InferencePrecision.BFloat16 => requested,
                InferencePrecision.Auto => device.type switch
                {
                    DeviceType.CPU => (cpu ?? CpuFeatures.Current).HasNativeBFloat16 ? InferencePrecision.BFloat16 : InferencePrecision.Float32,
                    DeviceType.CUDA => CudaComputeCapability.SupportsBFloat16(Math.Max(0, (int)device.index)) ? InferencePrecision.BFloat16 : InferencePrecision.Float32,
                    _ => InferencePrecision.Float32,
                },
                _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown inference precision."),
            };
        }

        /// <summary>The tensor element type of a resolved precision.</summary>
        internal static ScalarType ElementType(InferencePrecision resolved) => resolved switch
        {
            InferencePrecision.Float32 => ScalarType.Float32,
            InferencePrecision.BFloat16 => ScalarType.BFloat16,
            _ => throw new ArgumentOutOfRangeException(nameof(resolved), resolved, "Resolve the precision first."),
        };
    }
}
