using System;
using Msmla.Core.Runtime;

namespace Msmla.Models.Inference
{
    /// <summary>How an <see cref="LczPredictor"/> runs a model.</summary>
    public sealed record PredictionOptions
    {
        /// <summary>Where to run: the CPU, CUDA, or CUDA when available (default).</summary>
        public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

        /// <summary>The default <see cref="BatchSize"/>.</summary>
        public const int DefaultBatchSize = 256;

        /// <summary>
        /// Patches per forward pass. Default 256 (<see cref="DefaultBatchSize"/>). Smaller batches ran MSMLA faster on the
        /// CPU (64: 1.2-1.5x for MSMLA-18/50 on one thread) but made a mapping process's heap grow to several GB over a
        /// large scene (benchmarks/README.md), so the default stays 256.
        /// </summary>
        public int BatchSize { get; init; } = DefaultBatchSize;

        /// <summary>
        /// Test-time augmentation: average the class probabilities over the 8 dihedral transforms of each patch
        /// (identity, rotations by 90, 180, 270 degrees, and the same after a horizontal flip). Square patches only; 8x the work.
        /// </summary>
        public bool TestTimeAugmentation { get; init; }

        /// <summary>Merge BatchNorm into the preceding convolutions of the predictor's copy of the model (default true; same results to float rounding).</summary>
        public bool FoldBatchNorm { get; init; } = true;

        /// <summary>
        /// Run the predictor's copy channels-last (<see cref="LczModel.UseChannelsLast"/>); default true: on the CPU it
        /// measured 20-55 % faster than NCHW for all six networks (benchmarks/README.md), and cuDNN prefers it too.
        /// </summary>
        public bool ChannelsLast { get; init; } = true;

        /// <summary>
        /// The number format of the predictor's copy: float32 (default), bfloat16, or <see cref="InferencePrecision.Auto"/>
        /// (bfloat16 only where the hardware computes it natively: CPUs with AMX or AVX512-BF16, CUDA 8.0+).
        /// </summary>
        public InferencePrecision Precision { get; init; } = InferencePrecision.Float32;

        /// <summary>
        /// libtorch's CPU threads while a prediction call runs (applied when it starts, restored when it ends). Default
        /// automatic: the cores the process may use (<see cref="AvailableCores"/>), or <c>OMP_NUM_THREADS</c> when set.
        /// </summary>
        public TorchThreads Threads { get; init; } = TorchThreads.Automatic;

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range, <see cref="ArgumentException"/> for the threads.</summary>
        public PredictionOptions Validate()
        {
            if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The prediction batch size must be at least 1.");
            if (!Enum.IsDefined(Precision)) throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown inference precision.");
            ArgumentNullException.ThrowIfNull(Threads, nameof(Threads));
            Threads.Validate();
            return this;
        }
    }
}
