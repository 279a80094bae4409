using System;
using System.Globalization;

namespace Msmla.Core.Runtime
{
    /// <summary>
    /// How many threads libtorch may use on the CPU, as the trainer and predictor options hold it (null values are
    /// automatic). The setting is applied when a run starts and the previous intra-op count is restored when it ends;
    /// the inter-op count, which libtorch takes only once per process, stays.
    /// </summary>
    /// <remarks>
    /// libtorch's thread counts belong to the whole process: runs that overlap in one process share the count of the
    /// last one that started until all have ended. The number of threads changes the order of floating-point sums, so
    /// bit-for-bit repeatable runs need the same count.
    /// </remarks>
    public sealed record TorchThreads
    {
        /// <summary>The name of the OpenMP variable that the automatic count follows when it is set.</summary>
        public const string OmpNumThreadsVariable = "OMP_NUM_THREADS";

        /// <summary>
        /// Threads that one operation (a convolution, a matrix product) is split over: libtorch's intra-op parallelism,
        /// <c>torch.set_num_threads</c>. Null (default) = automatic: the first value of <c>OMP_NUM_THREADS</c> when the
        /// environment sets it, else <see cref="AvailableCores.Count()"/>, the cores this process may use (affinity and
        /// cgroup CPU limit aware) instead of libtorch's default, the machine's core count.
        /// </summary>
        public int? IntraOp { get; init; }

        /// <summary>
        /// Threads of libtorch's inter-op pool, which runs independent operations concurrently
        /// (<c>torch.set_num_interop_threads</c>; the pool is idle in eager training and prediction). Null (default) = leave
        /// libtorch's count (the machine's cores). libtorch takes this count once per process, before its first inter-op work,
        /// and ends the process when asked again, so Msmla sets it at most once per process: a later request for another
        /// count is logged and ignored, and a count set with TorchSharp before must not be contradicted here.
        /// </summary>
        public int? InterOp { get; init; }

        /// <summary>Both counts automatic (the default).</summary>
        public static TorchThreads Automatic { get; } = new();

        /// <summary><paramref name="count"/> threads within operations and in the inter-op pool.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
        public static TorchThreads Fixed(int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            return new TorchThreads { IntraOp = count, InterOp = count };
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming a count below 1.</summary>
        public TorchThreads Validate()
        {
            if (IntraOp < 1) throw new ArgumentException($"Invalid thread option {nameof(IntraOp)}: must be at least 1 or null for automatic (got {IntraOp}).", nameof(IntraOp));
            if (InterOp < 1) throw new ArgumentException($"Invalid thread option {nameof(InterOp)}: must be at least 1 or null for automatic (got {InterOp}).", nameof(InterOp));
            return this;
        }

        /// <summary>The counts to apply on this host now (automatic values resolved as their documentation says).</summary>
        public TorchThreadCounts Resolve()
        {
            Validate();
            return new TorchThreadCounts(IntraOp ?? FromEnvironment() ?? AvailableCores.Count(), InterOp);
        }

        /// <summary>The first value of <c>OMP_NUM_THREADS</c> (a comma-separated list per nesting level), when it is a positive number.</summary>
        private static int? FromEnvironment()
        {
            string? value = Environment.GetEnvironmentVariable(OmpNumThreadsVariable);
            if (string.IsNullOrWhiteSpace(value)) return null;
            return int.TryParse(value.Split(',')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;
        }
    }
}
