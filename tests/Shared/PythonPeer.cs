using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Msmla.Tests.Shared;

/// <summary>
/// Runs reference computations in Python (scikit-learn, h5py, PyTorch from Debian's python3-* packages).
/// Tests that need a peer skip with a clear reason when no interpreter has the modules.
/// </summary>
internal static class PythonPeer
{
    private static readonly Dictionary<string, string?> s_interpreters = new();

    /// <summary>
    /// An interpreter that can import every module in <paramref name="modules"/> (MSMLA_PYTHON,
    /// /usr/bin/python3, then python3 on PATH), or null.
    /// </summary>
    public static string? Find(params string[] modules)
    {
        string key = string.Join(",", modules);
        lock (s_interpreters)
        {
            if (s_interpreters.TryGetValue(key, out string? known)) return known;
            string? found = Candidates().FirstOrDefault(c => CanImport(c, modules));
            s_interpreters[key] = found;
            return found;
        }
    }

    /// <summary>Returns an interpreter with the modules, or skips the test naming the Debian packages to install.</summary>
    public static string Require(params string[] modules)
    {
        string? python = Find(modules);
        Skip.If(python == null,
            $"No Python interpreter can import {string.Join(", ", modules)}; install Debian's " +
            string.Join(" ", modules.Select(m => "python3-" + m)) + " (.ci/run does).");
        return python!;
    }

    /// <summary>Runs a Python script (given as text) with arguments and returns its standard output; throws with stderr on failure.</summary>
    public static string Run(string python, string script, params string[] arguments)
    {
        string file = Path.Combine(Path.GetTempPath(), $"msmla-peer-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(file);
            foreach (string a in arguments) info.ArgumentList.Add(a);
            info.Environment["OMP_NUM_THREADS"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using Process process = Process.Start(info)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Python peer failed with exit code {process.ExitCode}:\n{stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<string> Candidates()
    {
        string? configured = Environment.GetEnvironmentVariable("MSMLA_PYTHON");
        if (!string.IsNullOrEmpty(configured)) yield return configured;
        yield return "/usr/bin/python3";
        yield return "python3";
    }

    private static bool CanImport(string python, string[] modules)
    {
        try
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(string.Join(";", modules.Select(m => "import " + m)));
            using Process process = Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
