using System;
using System.Collections.Generic;
using Msmla.Core.Runtime;
using Msmla.Tests.Shared;
using Xunit;

namespace Msmla.Core.Tests.Runtime;

/// <summary>The threads setting: values, validation, resolution (OMP_NUM_THREADS in a fresh process), in a fresh process the counts libtorch takes.</summary>
public class TorchThreadsTests
{
    [Fact]
    public void Explicit_counts_are_kept_and_inter_op_is_left_to_libtorch_unless_given()
    {
        Assert.Equal(new TorchThreadCounts(3, 5), new TorchThreads { IntraOp = 3, InterOp = 5 }.Resolve());
        Assert.Equal(new TorchThreadCounts(3, null), new TorchThreads { IntraOp = 3 }.Resolve());
        Assert.Equal(new TorchThreadCounts(4, 4), TorchThreads.Fixed(4).Resolve());
    }

    [SkippableFact]
    public void Automatic_is_the_available_cores_when_OMP_NUM_THREADS_is_unset()
    {
        Requirement.Host(Environment.GetEnvironmentVariable(TorchThreads.OmpNumThreadsVariable) == null, "OMP_NUM_THREADS is set for the tests.");
        int cores = AvailableCores.Count();

        Assert.Equal(new TorchThreadCounts(cores, null), TorchThreads.Automatic.Resolve());
        Assert.Equal(new TorchThreadCounts(cores, 1), new TorchThreads { InterOp = 1 }.Resolve());
    }

    [Theory]
    [InlineData(0, null, "IntraOp")]
    [InlineData(null, -1, "InterOp")]
    public void Counts_below_one_are_refused_by_name(int? intraOp, int? interOp, string name)
    {
        var threads = new TorchThreads { IntraOp = intraOp, InterOp = interOp };

        ArgumentException e = Assert.Throws<ArgumentException>(() => threads.Validate());
        Assert.Equal(name, e.ParamName);
        Assert.Throws<ArgumentException>(() => threads.Resolve());
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreads.Fixed(0));
    }

    [SkippableTheory]
    [InlineData("1", "1")]
    [InlineData("1,1", "1")]      // a list per nesting level: the first
    public void Automatic_follows_OMP_NUM_THREADS_in_a_fresh_process(string value, string expected)
    {
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path, new Dictionary<string, string> { ["OMP_NUM_THREADS"] = value });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Values["scope-threads"]);
    }

    [SkippableFact]
    public void In_a_fresh_process_the_automatic_counts_reach_libtorch_and_the_intra_op_count_is_restored()
    {
        using var cache = TestPaths.CreateTemporaryDirectory();

        HostResult result = CoreTestHost.Run(CoreTestHost.NotebookTorchSharp(), cache.Path);

        Assert.Equal(0, result.ExitCode);
        string cores = result.Values["cores"];
        Assert.Equal(AvailableCores.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), cores);
        Assert.Equal(cores, result.Values["scope-threads"]);
        Assert.Equal(result.Values["torch-default-threads"], result.Values["restored-threads"]);
        // Automatic leaves the inter-op pool alone; an explicit count is set once, and a second one is refused with a
        // warning (libtorch would end the process).
        Assert.Equal(result.Values["torch-default-interop"], result.Values["scope-interop"]);
        int interOp = int.Parse(result.Values["torch-default-interop"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((interOp + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Values["interop-attempt2"]);
        Assert.Equal(result.Values["interop-attempt2"], result.Values["interop-attempt3"]);
        Assert.Contains(result.Warnings, w => w.Contains("inter-op thread count stays", StringComparison.Ordinal));
    }
}
