using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Core.TorchSharpWorkarounds
{
    /// <summary>
    /// After <c>load_state_dict</c>, moves SGD momentum buffers to their parameters' device. TorchSharp 0.107.0's
    /// <c>SGD.State.LoadStateDict</c> creates a momentum buffer that did not exist yet (SGD creates them at the first step)
    /// with <c>torch.empty(shape)</c>, on the CPU, so the next step on CUDA fails with a device mismatch.
    /// </summary>
    /// <remarks>
    /// Upstream: dotnet/TorchSharp#1176 "Conditional load tensors in Optimizers aren't loaded onto the correct device"
    /// (closed by #1173, whose fix does not cover this path in 0.107's SGD). Delete when the buffer is created on the
    /// parameter's device.
    /// </remarks>
    internal static class SgdMomentumBufferDevice
    {
        /// <summary>Moves every SGD momentum buffer of <paramref name="optimizer"/> that is not on <paramref name="device"/> there.</summary>
        public static void MoveTo(OptimizerHelper optimizer, Device device)
        {
            if (device.type == DeviceType.CPU) return;
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
