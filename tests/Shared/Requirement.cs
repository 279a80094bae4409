using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using SkipException = Xunit.SkipException;
using XunitException = Xunit.Sdk.XunitException;

namespace Msmla.Tests.Shared;

/// <summary>
/// The one place where a test says what it needs from outside the repository: a peer (a reference implementation such
/// as Debian's python3-torch, GDAL, the HDF5 tools, readelf, the DejaVu fonts), shared data (../shared/assets,
/// ../shared/docs) or a property of the host (Linux, x64, the NuGet cache). When it is missing, the test
/// <b>skips with the reason</b> locally and <b>fails with the same reason</b> when the environment variable
/// <c>CI</c> is <c>true</c>: in CI every reference must run. The only skip CI allows is <see cref="CudaDevice"/>.
/// </summary>
/// <remarks>
/// <para>Never call <c>Skip.If</c>/<c>Skip.IfNot</c> in a test; use one of these (test methods stay [SkippableFact] or
/// [SkippableTheory] so that a local skip is reported as a skip):</para>
/// <list type="bullet">
/// <item><c>PythonPeer.Require("osgeo.gdal", "numpy")</c>: Python modules (peers named by Debian package, python3-gdal ...).</item>
/// <item><c>Requirement.Tool("gdalinfo", "gdal-bin")</c>, <c>Requirement.Tool("h5dump", "hdf5-tools")</c>: a program, found on PATH.</item>
/// <item><c>TestPaths.RequireSharedAsset(name)</c>, <c>TestPaths.RequireSharedDocument(name)</c>: third-party data and documents.</item>
/// <item><c>Requirement.Peer(available, reason, "peer-name")</c>: anything else a test compares against.</item>
/// <item><c>Requirement.Host(condition, reason)</c>: the host must be what the test is about (Linux, x64 ...).</item>
/// <item><c>Requirement.CudaDevice(present)</c> / <c>Requirement.NoCudaDevice(present)</c>: the one skip allowed in CI.</item>
/// </list>
/// <para>Every check of a peer is recorded, as one line <c>outcome TAB peer TAB test</c> (outcome <c>ran</c> or
/// <c>missing</c>), in the file named by <see cref="LogVariable"/> when it is set: <c>.ci/run</c> sets it and prints how
/// many tests ran against each peer after <c>dotnet test</c>.</para>
/// </remarks>
internal static class Requirement
{
    /// <summary>The environment variable that makes a missing requirement a failure when it is <c>true</c>.</summary>
    public const string CiVariable = "CI";

    /// <summary>The environment variable naming the file that records every peer check (set by .ci/run).</summary>
    public const string LogVariable = "MSMLA_TEST_PEER_LOG";

    private static readonly object s_logLock = new();

    /// <summary>Whether this is a CI run (<c>CI=true</c>), where a missing requirement fails the test.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable(CiVariable), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Records a check of <paramref name="peers"/> (one or more names, such as Debian package names) and, when they are not
    /// <paramref name="available"/>, skips the test (fails it in CI) with <paramref name="reason"/>.
    /// </summary>
    public static void Peer(bool available, string reason, params string[] peers)
    {
        if (peers.Length == 0) throw new ArgumentException("Name at least one peer.", nameof(peers));
        string test = CurrentTest();
        foreach (string peer in peers) Record(available ? "ran" : "missing", peer, test);
        if (!available) Unmet(reason);
    }

    /// <summary>
    /// The full path of <paramref name="executable"/> (searched on PATH, then /usr/bin and /bin), recorded as a check of the
    /// Debian package <paramref name="package"/>; skips the test (fails it in CI) when it is not installed.
    /// </summary>
    public static string Tool(string executable, string package)
    {
        string? path = FindExecutable(executable);
        Peer(path != null, $"{executable} is not installed (Debian package {package}, which .ci/run installs); it is this test's reference.", package);
        return path!;
    }

    /// <summary>Skips the test (fails it in CI) with <paramref name="reason"/> unless the host is what the test needs.</summary>
    public static void Host(bool holds, string reason)
    {
        if (!holds) Unmet(reason);
    }

    /// <summary>Skips the test when there is no CUDA device: the one requirement that skips in CI too.</summary>
    public static void CudaDevice(bool present)
    {
        if (!present) throw new SkipException("No CUDA device.");
    }

    /// <summary>Skips the test when a CUDA device is present (a test of the behaviour without one); skips in CI too.</summary>
    public static void NoCudaDevice(bool present)
    {
        if (present) throw new SkipException("A CUDA device is present; this test is about the behaviour without one.");
    }

    /// <summary>The full path of an executable on PATH (or in /usr/bin, /bin), or null.</summary>
    public static string? FindExecutable(string executable)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { "/usr/bin", "/bin" });
        return directories.Select(d => Path.Combine(d, executable)).FirstOrDefault(File.Exists);
    }

    [DoesNotReturn]
    private static void Unmet(string reason)
    {
        if (IsCi) throw new XunitException($"{reason} (CI=true: a missing reference fails the test instead of skipping it.)");
        throw new SkipException(reason);
    }

    private static void Record(string outcome, string peer, string test)
    {
        string? log = Environment.GetEnvironmentVariable(LogVariable);
        if (string.IsNullOrEmpty(log)) return;
        string line = $"{outcome}\t{peer}\t{test}\n";
        lock (s_logLock)
        {
            // One append per line: test processes run in parallel and O_APPEND keeps their short lines whole.
            using var stream = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line);
            stream.Write(bytes, 0, bytes.Length);
        }
    }

    /// <summary>The test method on the stack (Class.Method), seen through async state machines and lambdas.</summary>
    private static string CurrentTest()
    {
        foreach (StackFrame frame in new StackTrace(1, false).GetFrames())
        {
            if (frame.GetMethod() is not MethodBase method || method.DeclaringType is not Type type) continue;
            MethodBase? test = IsTest(method) ? method : Origin(method, type);
            if (test != null) return $"{test.DeclaringType!.FullName}.{test.Name}";
        }
        return "(outside a test method)";
    }

    private static bool IsTest(MethodBase method) => method.IsDefined(typeof(FactAttribute), inherit: true);

    /// <summary>The test method a compiler-generated method (async state machine, iterator, lambda) belongs to, if any.</summary>
    private static MethodBase? Origin(MethodBase method, Type type)
    {
        string? name = GeneratedFrom(type.Name) ?? GeneratedFrom(method.Name);
        if (name == null) return null;
        Type? owner = type;
        while (owner != null && owner.IsDefined(typeof(CompilerGeneratedAttribute), false)) owner = owner.DeclaringType;
        return owner?.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.Name == name && IsTest(m));
    }

    /// <summary>"Name" from the compiler's "&lt;Name&gt;d__3" or "&lt;Name&gt;b__0_1", or null.</summary>
    private static string? GeneratedFrom(string generated)
    {
        if (!generated.StartsWith('<')) return null;
        int end = generated.IndexOf('>', StringComparison.Ordinal);
        return end > 1 ? generated[1..end] : null;
    }
}
