using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Msmla.Tests.Shared;

/// <summary>The outcome of a finished subprocess.</summary>
internal sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs every subprocess of the tests (Python peers, readelf, dotnet builds, packs, notebooks, the CLI): both streams are
/// read asynchronously as the process writes them, so the time limit fires even when a process floods or hangs; at the
/// limit the whole process tree is killed and the test fails with a <see cref="TimeoutException"/> that carries the
/// command and everything it wrote.
/// </summary>
internal static class TestProcess
{
    /// <summary>The limit of short helper processes (peers, readelf, MSBuild evaluations).</summary>
    public static readonly TimeSpan ShortTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The limit of builds, packs and other long runs.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    /// <summary>TorchRuntime.CacheDirectoryVariable of Msmla.Core (the shared test files do not reference Msmla.Core).</summary>
    public const string NativeCacheVariable = "MSMLA_NATIVE_CACHE";

    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH when set), so nested builds use the same SDK.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } configured ? configured : "dotnet";

    /// <summary>A start description with both streams redirected.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (workingDirectory != null) info.WorkingDirectory = workingDirectory;
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        // Msmla's run-time native fix caches a patched library (~/.cache/msmla by default): keep a child's in the
        // temporary directory. Tests of the cache itself set their own.
        info.Environment[NativeCacheVariable] = Path.Combine(Path.GetTempPath(), "msmla-tests-native-cache");
        return info;
    }

    /// <summary>Runs <paramref name="info"/> to completion (see the class remarks); the streams of <paramref name="info"/> must be redirected.</summary>
    /// <exception cref="TimeoutException">The process did not finish within <paramref name="timeout"/>; it was killed with its children.</exception>
    public static ProcessOutcome Run(ProcessStartInfo info, TimeSpan timeout) =>
        RunAsync(info, timeout).ConfigureAwait(false).GetAwaiter().GetResult();

    /// <inheritdoc cref="Run"/>
    public static async Task<ProcessOutcome> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        if (!info.RedirectStandardOutput || !info.RedirectStandardError)
            throw new ArgumentException("Redirect both streams (use StartInfo).", nameof(info));
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            // Also waits for the end of both streams.
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended in the meantime.
            }
            throw new TimeoutException(
                $"{Describe(info)} did not finish within {timeout} and was killed with its child processes.\n" +
                $"--- stdout ---\n{Snapshot(output)}\n--- stderr ---\n{Snapshot(error)}");
        }
        return new ProcessOutcome(process.ExitCode, Snapshot(output), Snapshot(error));
    }

    /// <summary>The command line, for messages.</summary>
    public static string Describe(ProcessStartInfo info) => info.FileName + " " + string.Join(" ", info.ArgumentList);

    private static void Append(StringBuilder builder, string? line)
    {
        if (line == null) return;
        lock (builder) builder.Append(line).Append('\n');
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder) return builder.ToString();
    }
}
