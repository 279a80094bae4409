using System;
using System.Linq;
using Msmla.Core.Runtime.Native;

namespace Msmla.Core.Runtime.Host
{
    /// <summary>
    /// Limits how long libtorch's idle OpenMP threads spin before they sleep, by setting libgomp's <c>GOMP_SPINCOUNT</c> in
    /// the native environment before libtorch loads (libgomp reads its settings once, when it loads; on Linux .NET's
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach it).
    /// </summary>
    /// <remarks>
    /// libtorch waits for its worker threads at the end of nearly every operator, and by default libgomp lets a waiting
    /// thread spin 300,000 times (about 10 ms on a 2024 Xeon) before it sleeps. On a quiet machine that only costs power;
    /// when other processes want the cores, the spinning threads take the time slices the working ones need, and training
    /// ran 2-5 times slower next to two busy processes (benchmarks/README.md). Sleeping at once (<c>OMP_WAIT_POLICY=PASSIVE</c>,
    /// spin count 0) cured that but made a quiet machine 30-60 % slower for these small networks, because every operator
    /// then waits for threads to wake up; <see cref="SpinCount"/> spins keep most of the quiet speed and avoid the collapse.
    /// </remarks>
    internal static class OpenMpWaitPolicy
    {
        /// <summary>libgomp's spin count.</summary>
        public const string SpinCountVariable = "GOMP_SPINCOUNT";

        /// <summary>The OpenMP standard's wait policy, which sets libgomp's spin count when <see cref="SpinCountVariable"/> is unset.</summary>
        public const string PolicyVariable = "OMP_WAIT_POLICY";

        /// <summary>The spin count Msmla sets: about 0.1 ms of spinning (35 ns a spin measured on a Xeon of 2024).</summary>
        public const string SpinCount = "3000";

        /// <summary>What a user who loads TorchSharp before Msmla should do.</summary>
        public const string Remedy =
            $"set {SpinCountVariable}={SpinCount} (or {PolicyVariable}=PASSIVE) in the environment before the process starts, or call " +
            "Msmla.Core.Runtime.TorchRuntime.EnsureLoaded() before the first TorchSharp call";

        /// <summary>Sets the spin count unless the user chose a wait setting or it is too late; says what was done.</summary>
        public static OpenMpWaitStatus Apply()
        {
            if (!OperatingSystem.IsLinux())
                return new OpenMpWaitStatus(OpenMpWaitAction.NotApplicable, null, "not Linux: the OpenMP environment is left as it is");
            string? given = Given();
            if (given != null)
                return new OpenMpWaitStatus(OpenMpWaitAction.KeptUserSetting, given, $"the environment sets {given}; kept");
            string? libtorch = HostLibStdCxx.MappedFiles("libtorch_cpu").FirstOrDefault();
            if (libtorch != null)
                return new OpenMpWaitStatus(OpenMpWaitAction.TooLate, null,
                    $"{libtorch} was loaded before Msmla, so its OpenMP threads spin up to 300,000 times while they wait, which makes training " +
                    $"and prediction several times slower when other processes use the cores; {Remedy}");
            NativeEnvironment.SetIfUnset(SpinCountVariable, SpinCount);
            string? now = Given();
            return now == $"{SpinCountVariable}={SpinCount}"
                ? new OpenMpWaitStatus(OpenMpWaitAction.LimitedSpinning, now,
                    $"{now} set before libtorch loads: idle OpenMP threads spin about 0.1 ms, then sleep")
                : new OpenMpWaitStatus(now == null ? OpenMpWaitAction.NotApplicable : OpenMpWaitAction.KeptUserSetting, now,
                    now == null ? $"setenv({SpinCountVariable}) failed; the OpenMP environment is left as it is" : $"{now} was set by another thread first; kept");
        }

        /// <summary>The wait settings in the native environment ("GOMP_SPINCOUNT=..., OMP_WAIT_POLICY=..."), or null.</summary>
        private static string? Given()
        {
            string[] set = new[] { SpinCountVariable, PolicyVariable }
                .Select(name => NativeEnvironment.Get(name) is string value ? $"{name}={value}" : null)
                .OfType<string>()
                .ToArray();
            return set.Length == 0 ? null : string.Join(", ", set);
        }
    }
}
