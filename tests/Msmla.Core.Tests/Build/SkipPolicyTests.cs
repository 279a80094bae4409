using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Build;

/// <summary>
/// No test skips on its own: every missing peer, shared file or host condition goes through tests/Shared/Requirement.cs,
/// which skips locally and fails in CI (CI=true), and records the peer for .ci/run's listing.
/// </summary>
public class SkipPolicyTests
{
    private static readonly Regex DirectSkip = new(@"\bSkip\.If(Not)?\s*\(|new\s+(Xunit\.)?SkipException\s*\(", RegexOptions.Compiled);

    [Fact]
    public void Tests_skip_only_through_Requirement()
    {
        string tests = Path.Combine(TestPaths.RepositoryRoot, "tests");
        // Requirement.cs skips for everyone; this file names the pattern.
        string[] allowed = { Path.Combine(tests, "Shared", "Requirement.cs"), Path.Combine(tests, "Msmla.Core.Tests", "Build", "SkipPolicyTests.cs") };
        string[] offenders = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj") && !allowed.Contains(f))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => DirectSkip.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(TestPaths.RepositoryRoot, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToArray();
        Assert.True(offenders.Length == 0,
            "These lines skip directly; use PythonPeer.Require, Requirement.Tool/Peer/Host or TestPaths.RequireShared* instead:\n" + string.Join("\n", offenders));
        // The pattern finds what it is meant to find.
        Assert.Matches(DirectSkip, "Skip.IfNot(File.Exists(x), \"absent\");");
        Assert.Matches(DirectSkip, "throw new SkipException(\"no\");");
        Assert.DoesNotMatch(DirectSkip, "Requirement.Host(OperatingSystem.IsLinux(), \"Linux only.\");");
    }
}
