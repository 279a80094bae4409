using System;
using Msmla.Core.Runtime.Host;

namespace Msmla.Core.Runtime
{
    /// <summary>How many cores this process may use: what <see cref="TorchThreads"/> defaults to.</summary>
    public static class AvailableCores
    {
        /// <summary>
        /// The CPUs of this process's affinity mask (<c>taskset</c>, a container's CPU set, a batch scheduler's binding),
        /// capped by its control group's CPU limit rounded up (cgroup v2 <c>cpu.max</c> or v1 <c>cpu.cfs_quota_us</c>, as a
        /// container's <c>--cpus</c> or a Kubernetes CPU limit sets it, including its parents' limits); at least 1. Not the
        /// machine's count, which libtorch uses by default. Read afresh on every call. Off Linux:
        /// <see cref="Environment.ProcessorCount"/>.
        /// </summary>
        public static int Count() => Combine(CpuAffinity.Count(), OperatingSystem.IsLinux() ? CgroupCpuLimit.Read() : null);

        /// <summary>As <see cref="Count()"/> with a given affinity count and the cgroup files under <paramref name="root"/> (tests).</summary>
        internal static int Count(int affinity, string root) => Combine(affinity, CgroupCpuLimit.Read(root));

        /// <summary>The affinity count capped by a CPU limit in cores (rounded up, as .NET's <see cref="Environment.ProcessorCount"/> does).</summary>
        internal static int Combine(int affinity, double? limit)
        {
            int cores = limit is double l ? Math.Min(affinity, (int)Math.Ceiling(l)) : affinity;
            return Math.Max(1, cores);
        }
    }
}
