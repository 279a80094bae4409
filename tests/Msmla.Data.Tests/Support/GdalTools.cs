using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Support;

/// <summary>Runs GDAL's command-line tools (Debian's gdal-bin: gdalinfo, gdalsrsinfo, gdal_translate); tests skip with a reason when they are absent.</summary>
internal static class GdalTools
{
    /// <summary>The full path of a tool on PATH, or null.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>The tool's path; skips the test (fails it in CI) when it is not installed.</summary>
    public static string Require(string tool) => Requirement.Tool(tool, "gdal-bin");

    /// <summary>Runs a tool and returns its standard output; throws with its standard error when it fails.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        ProcessOutcome outcome = TestProcess.Run(TestProcess.StartInfo(Require(tool), arguments), TestProcess.ShortTimeout);
        if (outcome.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(" ", arguments)} failed with exit code {outcome.ExitCode}:\n{outcome.StandardError}");
        return outcome.StandardOutput;
    }
}
