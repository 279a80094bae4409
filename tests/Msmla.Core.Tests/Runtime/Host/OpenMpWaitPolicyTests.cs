using System;
using System.Collections.Generic;
using System.IO;
using Msmla.Core.Runtime;
using Msmla.Core.Runtime.Host;
using Msmla.Tests.Shared;
using Xunit;

namespace Msmla.Core.Tests.Runtime.Host;

/// <summary>
/// The OpenMP wait setting as libgomp itself reports it: each test starts a fresh process (Msmla.Core.Tests.Host) with
/// <c>OMP_DISPLAY_ENV=VERBOSE</c>, which makes libtorch's libgomp print the settings it took, when it loads, on stderr.
/// libgomp's spin count is 300,000 by default, 30,000,000,000 for OMP_WAIT_POLICY=ACTIVE and 0 for PASSIVE.
/// </summary>
public class OpenMpWaitPolicyTests
{
    private const string LibGompDefault = "300000";

    [SkippableFact]
    public void EnsureLoaded_limits_libgomps_spinning_before_libtorch_loads()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "libgomp's settings are set on Linux only.");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path, Display());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(nameof(OpenMpWaitAction.LimitedSpinning), result.Values["openmp"]);
        Assert.Equal(OpenMpWaitPolicy.SpinCount, result.OpenMpDisplay("GOMP_SPINCOUNT"));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("OpenMP", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("OMP_WAIT_POLICY", "ACTIVE", "30000000000")]
    [InlineData("OMP_WAIT_POLICY", "PASSIVE", "0")]
    [InlineData("GOMP_SPINCOUNT", "12345", "12345")]
    public void A_users_own_setting_is_kept(string variable, string value, string spinCount)
    {
        Requirement.Host(OperatingSystem.IsLinux(), "libgomp's settings are set on Linux only.");
        using var cache = TestPaths.CreateTemporaryDirectory();
        Dictionary<string, string> environment = Display();
        environment[variable] = value;

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path, environment);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(nameof(OpenMpWaitAction.KeptUserSetting), result.Values["openmp"]);
        Assert.Equal(spinCount, result.OpenMpDisplay("GOMP_SPINCOUNT"));
        if (variable == "OMP_WAIT_POLICY") Assert.Equal(value, result.OpenMpDisplay("OMP_WAIT_POLICY"));
    }

    [SkippableFact]
    public void When_TorchSharp_loaded_libtorch_first_it_is_too_late_and_a_warning_gives_the_remedy()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "libgomp's settings are set on Linux only.");
        // This test project's own output: TorchSharp with the native library its build patched, as an application has it.
        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Requirement.Host(File.Exists(native), $"{native} is absent.");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll"), cache.Path, Display(), null, "--load-first", native);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(nameof(TorchRuntimeAction.AlreadyLoaded), result.Values["action"]);
        Assert.Equal(nameof(OpenMpWaitAction.TooLate), result.Values["openmp"]);
        Assert.Equal(LibGompDefault, result.OpenMpDisplay("GOMP_SPINCOUNT"));
        string warning = Assert.Single(result.Warnings, w => w.Contains("OpenMP", StringComparison.Ordinal));
        Assert.Contains("libtorch_cpu.so was loaded before Msmla", warning);
        Assert.Contains($"set GOMP_SPINCOUNT={OpenMpWaitPolicy.SpinCount}", warning);
        Assert.Contains("EnsureLoaded()", warning);
    }

    private static Dictionary<string, string> Display() => new() { ["OMP_DISPLAY_ENV"] = "VERBOSE" };
}
