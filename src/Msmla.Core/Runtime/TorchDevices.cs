using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace Msmla.Core.Runtime
{
    /// <summary>Turns a <see cref="ComputeDevice"/> choice into a TorchSharp device, loading the native runtime first.</summary>
    public static class TorchDevices
    {
        /// <summary>Resolves the device to run on.</summary>
        /// <param name="choice">Auto, CPU or CUDA.</param>
        /// <param name="logger">Receives the decision; defaults to no logging.</param>
        /// <exception cref="InvalidOperationException">CUDA was requested but is not available.</exception>
        public static Device Resolve(ComputeDevice choice, ILogger? logger = null)
        {
            logger ??= NullLogger.Instance;
            TorchRuntime.EnsureLoaded(choice == ComputeDevice.Cpu ? TorchBackendKind.Cpu : TorchBackendKind.Cuda, logger);
            bool cuda = cuda_is_available();
            switch (choice)
            {
                case ComputeDevice.Cpu:
                    return CPU;
                case ComputeDevice.Cuda when !cuda:
                    throw new InvalidOperationException(
                        "CUDA was requested, but no CUDA device is available to TorchSharp. Reference TorchSharp-cuda-linux " +
                        "(or TorchSharp-cuda-windows) instead of TorchSharp-cpu, check the NVIDIA driver, or choose ComputeDevice.Cpu.");
                case ComputeDevice.Cuda:
                    return CUDA;
                default:
                    Device device = cuda ? CUDA : CPU;
                    logger.LogInformation("Compute device: {Device}", device.type);
                    return device;
            }
        }

        /// <summary>
        /// Allows or forbids TensorFloat-32 matrix multiplications and convolutions on Ampere and later GPUs
        /// (faster, about 10 bits of mantissa). No effect on the CPU.
        /// </summary>
        public static void SetTensorFloat32(bool allow)
        {
            backends.cuda.matmul.allow_tf32 = allow;
            backends.cudnn.allow_tf32 = allow;
        }
    }
}
