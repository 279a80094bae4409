using Msmla.Core.Runtime.Host;
using Xunit;

namespace Msmla.Core.Tests.Runtime.Host;

/// <summary>
/// The CPU limit read from fake /proc and /sys trees laid out as cgroup v2 and v1 hosts and containers lay them out
/// (mountinfo lines copied from real hosts: a systemd host, a Docker container, this test machine's v1 layout).
/// The expected values are the quota divided by the period, worked by hand.
/// </summary>
public class CgroupCpuLimitTests
{
    // A systemd host with the unified hierarchy (cgroup v2 only).
    private const string V2MountInfo =
        "24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n" +
        "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

    // A v1 host: one hierarchy per controller group, cpu and cpuacct together.
    private const string V1MountInfo =
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
        "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct\n" +
        "33 31 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory\n";

    [Fact]
    public void V2_quota_of_the_process_group_is_quota_over_period()
    {
        using var tree = new FakeCgroupTree()
            .Process("0::/system.slice/batch.service\n", V2MountInfo)
            .Control("sys/fs/cgroup/system.slice/batch.service/cpu.max", "150000 100000")
            .Control("sys/fs/cgroup/system.slice/cpu.max", "max 100000");

        Assert.Equal(1.5, CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void V2_without_a_quota_is_no_limit()
    {
        using var tree = new FakeCgroupTree()
            .Process("0::/user.slice/user-1000.slice/session-2.scope\n", V2MountInfo)
            .Control("sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope/cpu.max", "max 100000")
            .Control("sys/fs/cgroup/user.slice/cpu.max", "max 100000");

        Assert.Null(CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void A_tighter_limit_on_a_parent_group_counts()
    {
        // Kubernetes: the pod's limit (0.5 core) above a container without its own.
        using var tree = new FakeCgroupTree()
            .Process("0::/kubepods.slice/pod7/cri-abc\n", V2MountInfo)
            .Control("sys/fs/cgroup/kubepods.slice/pod7/cri-abc/cpu.max", "max 100000")
            .Control("sys/fs/cgroup/kubepods.slice/pod7/cpu.max", "50000 100000")
            .Control("sys/fs/cgroup/kubepods.slice/cpu.max", "400000 100000");

        Assert.Equal(0.5, CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void A_container_whose_mount_root_is_its_own_group_reads_the_mount_point()
    {
        // docker run --cpus 2.5 without a cgroup namespace: /proc/self/cgroup names the host path, mounted as the root.
        const string mountInfo = "700 650 0:30 /docker/0123abcd /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw\n";
        using var tree = new FakeCgroupTree()
            .Process("0::/docker/0123abcd\n", mountInfo)
            .Control("sys/fs/cgroup/cpu.max", "250000 100000");

        Assert.Equal(2.5, CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void V1_cfs_quota_over_period()
    {
        using var tree = new FakeCgroupTree()
            .Process("5:memory:/job42\n4:cpu,cpuacct:/job42\n0::/\n", V1MountInfo)
            .Control("sys/fs/cgroup/cpu,cpuacct/job42/cpu.cfs_quota_us", "300000")
            .Control("sys/fs/cgroup/cpu,cpuacct/job42/cpu.cfs_period_us", "200000")
            .Control("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1")
            .Control("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000");

        Assert.Equal(1.5, CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void V1_quota_of_minus_one_is_no_limit()
    {
        // This test machine's layout: cpu alone, the root group, no quota.
        const string mountInfo =
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" +
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        using var tree = new FakeCgroupTree()
            .Process("4:memory:/process_api/38a7\n1:cpu:/\n0::/\n", mountInfo)
            .Control("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1")
            .Control("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000");

        Assert.Null(CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void Hybrid_hosts_take_the_tighter_of_v1_and_v2()
    {
        string mountInfo = V1MountInfo + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        using var tree = new FakeCgroupTree()
            .Process("4:cpu,cpuacct:/a\n0::/b\n", mountInfo)
            .Control("sys/fs/cgroup/cpu,cpuacct/a/cpu.cfs_quota_us", "300000")
            .Control("sys/fs/cgroup/cpu,cpuacct/a/cpu.cfs_period_us", "100000")
            .Control("sys/fs/cgroup/unified/b/cpu.max", "100000 100000");

        Assert.Equal(1.0, CgroupCpuLimit.Read(tree.Root));
    }

    [Theory]
    [InlineData("abc 100000")]
    [InlineData("150000 0")]
    [InlineData("150000")]
    [InlineData("-5 100000")]
    [InlineData("")]
    public void Malformed_control_files_count_as_no_limit(string content)
    {
        using var tree = new FakeCgroupTree()
            .Process("0::/job\n", V2MountInfo)
            .Control("sys/fs/cgroup/job/cpu.max", content);

        Assert.Null(CgroupCpuLimit.Read(tree.Root));
    }

    [Fact]
    public void Missing_proc_files_or_mounts_count_as_no_limit()
    {
        using var empty = new FakeCgroupTree();
        using var noMount = new FakeCgroupTree()
            .Process("0::/job\n", "24 30 0:22 / /sys rw - sysfs sysfs rw\n")
            .Control("sys/fs/cgroup/job/cpu.max", "100000 100000");

        Assert.Null(CgroupCpuLimit.Read(empty.Root));
        Assert.Null(CgroupCpuLimit.Read(noMount.Root));
    }

    [Fact]
    public void Escaped_mount_points_are_decoded()
    {
        // mountinfo writes a space as \040.
        const string mountInfo = "35 24 0:30 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n";
        using var tree = new FakeCgroupTree()
            .Process("0::/job\n", mountInfo)
            .Control("sys/fs/my cgroup/job/cpu.max", "200000 100000");

        Assert.Equal(2.0, CgroupCpuLimit.Read(tree.Root));
    }
}
