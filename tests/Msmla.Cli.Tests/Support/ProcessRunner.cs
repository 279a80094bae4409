using System;
using System.Diagnostics;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>Runs a process to completion with captured output and a time limit.</summary>
    internal static class ProcessRunner
    {
        public static async Task<CliResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
            IDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            // Build servers would outlive the test and keep files open.
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            if (environment != null)
                foreach (var (key, value) in environment) start.Environment[key] = value;
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            Task exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(" ", arguments)} did not finish within {timeout}.\n{await output}\n{await error}");
            }
            await exited;
            return new CliResult(process.ExitCode, await output, await error);
        }
    }
}
