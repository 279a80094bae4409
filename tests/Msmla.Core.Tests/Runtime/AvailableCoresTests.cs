using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Msmla.Core.Runtime;
using Msmla.Core.Runtime.Host;
using Msmla.Core.Tests.Runtime.Host;
using Msmla.Tests.Shared;
using Xunit;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// The cores the process may use: the affinity count (against Python's os.sched_getaffinity and taskset), capped by the
/// cgroup limit (fake cgroup trees), and the whole against .NET's own Environment.ProcessorCount.
/// </summary>
public class AvailableCoresTests
{
    private const string V2MountInfo = "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw\n";

    [Theory]
    [InlineData(8, null, 8)]
    [InlineData(8, 1.5, 2)]      // a fractional limit rounds up, as .NET's ProcessorCount does
    [InlineData(8, 2.0, 2)]
    [InlineData(2, 4.0, 2)]      // a limit above the affinity does not add cores
    [InlineData(4, 0.2, 1)]      // at least one
    public void The_affinity_is_capped_by_the_limit_rounded_up(int affinity, double? limit, int expected)
    {
        Assert.Equal(expected, AvailableCores.Combine(affinity, limit));
    }

    [Theory]
    [InlineData("150000 100000", 2)]
    [InlineData("50000 100000", 1)]
    [InlineData("300000 100000", 3)]
    [InlineData("max 100000", 8)]
    public void A_cgroup_limit_in_cpu_max_sets_the_default(string cpuMax, int expected)
    {
        using var tree = new FakeCgroupTree()
            .Process("0::/batch/job\n", V2MountInfo)
            .Control("sys/fs/cgroup/batch/job/cpu.max", cpuMax);

        Assert.Equal(expected, AvailableCores.Count(affinity: 8, tree.Root));
    }

    [SkippableFact]
    public void The_affinity_count_is_Pythons_sched_getaffinity()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "sched_getaffinity is Linux's.");
        string python = PythonPeer.Require();   // os is in the standard library

        string output = PythonPeer.Run(python, "import os\nprint(len(os.sched_getaffinity(0)))\n");

        Assert.Equal(int.Parse(output.Trim(), CultureInfo.InvariantCulture), CpuAffinity.Count());
    }

    [SkippableFact]
    public void The_count_agrees_with_dotnets_ProcessorCount()
    {
        // .NET's runtime computes Environment.ProcessorCount from the affinity mask and the cgroup CPU limit (rounded up)
        // with its own reader, unless DOTNET_PROCESSOR_COUNT overrides it.
        Requirement.Host(OperatingSystem.IsLinux(), "Linux only.");
        Requirement.Host(Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") == null, "DOTNET_PROCESSOR_COUNT overrides .NET's count.");

        Assert.Equal(Environment.ProcessorCount, AvailableCores.Count());
    }

    [SkippableFact]
    public void Under_taskset_the_process_and_libtorch_use_the_cpus_it_may_run_on()
    {
        Requirement.Host(OperatingSystem.IsLinux(), "taskset is Linux's.");
        string taskset = Requirement.Tool("taskset", "util-linux");
        Requirement.Host(CpuAffinity.Count() >= 2, "The test process may use one CPU only, so taskset cannot restrict it further.");
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path, null, new[] { taskset, "--cpu-list", "0" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1", result.Values["cores"]);
        Assert.Equal("1", result.Values["scope-threads"]);
    }
}
