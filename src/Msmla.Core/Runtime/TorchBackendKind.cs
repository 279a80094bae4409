namespace Msmla.Core.Runtime
{
    /// <summary>A libtorch build flavour.</summary>
    public enum TorchBackendKind
    {
        /// <summary>The CPU build (package <c>TorchSharp-cpu</c>).</summary>
        Cpu,

        /// <summary>The CUDA build (package <c>TorchSharp-cuda-linux</c> or <c>TorchSharp-cuda-windows</c>).</summary>
        Cuda,
    }
}
