namespace Msmla.Core.Runtime
{
    /// <summary>Where tensors live and models run.</summary>
    public enum ComputeDevice
    {
        /// <summary>CUDA when a CUDA build of libtorch and a GPU are available, otherwise the CPU.</summary>
        Auto,

        /// <summary>The CPU.</summary>
        Cpu,

        /// <summary>The first CUDA GPU; fails clearly when none is available.</summary>
        Cuda,
    }
}
