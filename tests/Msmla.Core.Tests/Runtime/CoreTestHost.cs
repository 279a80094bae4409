using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Msmla.Core.Runtime;
using Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// Runs Msmla.Core.Tests.Host (a fresh process that loads TorchSharp as a notebook does) and collects its key=value lines,
/// its warnings and its stderr (where libgomp writes its settings when OMP_DISPLAY_ENV is set).
/// </summary>
internal static class CoreTestHost
{
    /// <summary>The variables that decide OpenMP's waiting and thread count, removed from the host's environment unless a test sets them.</summary>
    private static readonly string[] ControlledVariables =
    {
        "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS", "OMP_DISPLAY_ENV", "DOTNET_PROCESSOR_COUNT",
        "MSMLA_NATIVE_HEAP", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_", "MALLOC_ARENA_MAX", "GLIBC_TUNABLES",
    };

    /// <summary>TorchSharp.dll in the NuGet cache (the notebook layout); skips when it is absent.</summary>
    public static string NotebookTorchSharp()
    {
        string torchSharp = Path.Combine(NativeTestFiles.TorchSharpPackage, "lib", "net8.0", "TorchSharp.dll");
        Requirement.Host(File.Exists(torchSharp), $"{torchSharp} is not in the NuGet cache (restoring the tests puts it there).");
        return torchSharp;
    }

    /// <summary>Runs the host; <paramref name="prefix"/> is a program that runs it (for example taskset and its arguments).</summary>
    public static HostResult Run(string torchSharp, string cache, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? prefix = null, params string[] arguments)
    {
        string host = typeof(CoreTestHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NotebookHost").Value!;
        var command = (prefix ?? Array.Empty<string>()).Concat(new[] { TestProcess.Dotnet, host, torchSharp }).Concat(arguments).ToArray();
        ProcessStartInfo info = TestProcess.StartInfo(command[0], command.Skip(1));
        info.Environment[TorchRuntime.CacheDirectoryVariable] = cache;
        foreach (string name in ControlledVariables) info.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        ProcessOutcome outcome = TestProcess.Run(info, TestProcess.ShortTimeout);
        string stdout = outcome.StandardOutput;
        var values = new Dictionary<string, string>();
        var warnings = new List<string>();
        foreach (string line in stdout.Split('\n'))
        {
            if (line.StartsWith("warning=", StringComparison.Ordinal)) warnings.Add(line["warning=".Length..]);
            int eq = line.IndexOf('=');
            if (eq > 0 && !line.Contains(' ', StringComparison.Ordinal)) values[line[..eq]] = line[(eq + 1)..].Trim();
        }
        var result = new HostResult(outcome.ExitCode, values, warnings, stdout, outcome.StandardError);
        Xunit.Assert.True(values.ContainsKey("action"), $"host output:\n{result}");
        return result;
    }
}

/// <summary>What the host printed.</summary>
internal sealed record HostResult(int ExitCode, Dictionary<string, string> Values, List<string> Warnings, string Output, string Error)
{
    /// <summary>A value libgomp printed for OMP_DISPLAY_ENV (lines such as <c>  GOMP_SPINCOUNT = '3000'</c>), or null.</summary>
    public string? OpenMpDisplay(string name)
    {
        string prefix = $"  {name} = '";
        string? line = Error.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].TrimEnd().TrimEnd('\'');
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
