using System;
using System.Linq;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;

namespace Msmla.Core.Runtime.Host
{
    /// <summary>
    /// Limits how long libtorch's idle OpenMP threads spin before they sleep, by setting libgomp's <c>GOMP_SPINCOUNT</c> in
    /// the native environment before libtorch loads (libgomp reads its settings once, when it loads; on Linux .NET's
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach it).
    /// </summary>
    /// <remarks>
    /// libtorch waits for its worker threads at the end of nearly every operator, and by default libgomp lets a waiting
    /// thread spin 300,000 times (about 10 ms on a 2024 Xeon, 35 ns a spin) before it sleeps. On a quiet machine that
    /// costs power only; when other processes want the cores, the spinning threads take the time slices the working ones
    /// need: next to two busy processes on 2 cores a training epoch took 4-7 times as long as alone
    /// (benchmarks/README.md). Sleeping at once (<c>OMP_WAIT_POLICY=PASSIVE</c>, spin count 0) cured that but cost up to
    /// 60 % when alone, as every operator after a gap then waits for threads to wake; <see cref="SpinCount"/> spins
    /// (about 0.1 ms) kept the epoch at about twice its time alone next to two busy processes, at 3-21 % when alone.
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
