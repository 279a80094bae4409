using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>Runs a process to completion with captured output and a time limit (through <see cref="TestProcess"/>: the tree is killed at the limit).</summary>
    internal static class ProcessRunner
    {
        public static async Task<CliResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
            IDictionary<string, string>? environment = null)
        {
            ProcessStartInfo start = TestProcess.StartInfo(fileName, arguments, workingDirectory);
            // Build servers would outlive the test and keep files open.
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            if (environment != null)
                foreach (var (key, value) in environment) start.Environment[key] = value;
            ProcessOutcome outcome = await TestProcess.RunAsync(start, timeout);
            return new CliResult(outcome.ExitCode, outcome.StandardOutput, outcome.StandardError);
        }
    }
}
