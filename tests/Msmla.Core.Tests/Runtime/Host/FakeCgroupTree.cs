using System;
using System.IO;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime.Host;

/// <summary>
/// A directory laid out like the root of a Linux host for what the cgroup reader opens: proc/self/cgroup,
/// proc/self/mountinfo and control files under sys/fs/cgroup, written line by line as the kernel writes them.
/// </summary>
internal sealed class FakeCgroupTree : IDisposable
{
    private readonly TemporaryDirectory _root = TestPaths.CreateTemporaryDirectory();

    public string Root => _root.Path;

    /// <summary>Writes /proc/self/cgroup and /proc/self/mountinfo.</summary>
    public FakeCgroupTree Process(string cgroup, string mountInfo)
    {
        Write("proc/self/cgroup", cgroup);
        Write("proc/self/mountinfo", mountInfo);
        return this;
    }

    /// <summary>Writes a control file, for example ("sys/fs/cgroup/kubepods/cpu.max", "150000 100000").</summary>
    public FakeCgroupTree Control(string relativePath, string content)
    {
        Write(relativePath, content + "\n");
        return this;
    }

    public void Dispose() => _root.Dispose();

    private void Write(string relativePath, string content)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
