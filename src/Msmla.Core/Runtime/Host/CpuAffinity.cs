using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Msmla.Core.Runtime.Host
{
    /// <summary>The CPUs this process may run on (its affinity mask, as <c>taskset</c> and container CPU sets restrict it).</summary>
    internal static class CpuAffinity
    {
        private const int Einval = 22;

        /// <summary>
        /// The number of CPUs in this process's affinity mask (<c>sched_getaffinity</c>) on Linux; elsewhere, or when the
        /// call fails, <see cref="Environment.ProcessorCount"/>.
        /// </summary>
        public static int Count()
        {
            if (!OperatingSystem.IsLinux()) return Environment.ProcessorCount;
            try
            {
                // cpu_set_t is 1024 bits; kernels built for more CPUs need a larger mask (EINVAL asks for one).
                for (int bytes = 128; bytes <= 1 << 16; bytes *= 2)
                {
                    ulong[] mask = new ulong[bytes / sizeof(ulong)];
                    if (SchedGetAffinity(0, (nuint)bytes, mask) == 0)
                    {
                        int count = 0;
                        foreach (ulong word in mask) count += BitOperations.PopCount(word);
                        return count > 0 ? count : Environment.ProcessorCount;
                    }
                    if (Marshal.GetLastPInvokeError() != Einval) break;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // Not glibc or musl: fall through.
            }
            return Environment.ProcessorCount;
        }

        [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
        private static extern int SchedGetAffinity(int pid, nuint size, [Out] ulong[] mask);
    }
}
