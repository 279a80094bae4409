using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Msmla.Tests.Shared;

/// <summary>
/// Runs reference computations in Python (scikit-learn, h5py, PyTorch, GDAL, Pillow from Debian's python3-* packages).
/// Tests that need a peer call <see cref="Require"/>: it skips with a clear reason when no interpreter has the modules,
/// and fails instead in CI (<see cref="Requirement"/>).
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

    /// <summary>
    /// Returns an interpreter with the modules, or skips the test (fails it in CI, see <see cref="Requirement"/>) naming
    /// the Debian packages to install. Each module is recorded as a check of its Debian package (python3-torch ...).
    /// </summary>
    public static string Require(params string[] modules)
    {
        string? python = Find(modules);
        string[] packages = modules.Length == 0 ? new[] { "python3" } : modules.Select(DebianPackage).ToArray();
        Requirement.Peer(python != null,
            modules.Length == 0
                ? "No Python 3 interpreter (MSMLA_PYTHON, /usr/bin/python3 or python3 on PATH); install Debian's python3 (.ci/run does)."
                : $"No Python interpreter can import {string.Join(", ", modules)}; install Debian's {string.Join(" ", packages)} (.ci/run does).",
            packages);
        return python!;
    }

    /// <summary>The Debian package of a Python module: python3-sklearn for sklearn, python3-pil for PIL, python3-gdal for osgeo ...</summary>
    public static string DebianPackage(string module)
    {
        string top = module.Split('.')[0];
        return top switch
        {
            "osgeo" => "python3-gdal",
            _ => "python3-" + top.ToLowerInvariant(),
        };
    }

    /// <summary>
    /// Runs a Python script (given as text) with arguments and returns its standard output; throws with stderr on failure,
    /// and kills it (failing the test with its output) when it runs longer than <see cref="TestProcess.ShortTimeout"/>.
    /// </summary>
    public static string Run(string python, string script, params string[] arguments)
    {
        string file = Path.Combine(Path.GetTempPath(), $"msmla-peer-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try
        {
            ProcessStartInfo info = TestProcess.StartInfo(python, new[] { file }.Concat(arguments));
            info.Environment["OMP_NUM_THREADS"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ProcessOutcome outcome = TestProcess.Run(info, TestProcess.ShortTimeout);
            if (outcome.ExitCode != 0)
                throw new InvalidOperationException($"Python peer failed with exit code {outcome.ExitCode}:\n{outcome.StandardError}");
            return outcome.StandardOutput;
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
            ProcessStartInfo info = TestProcess.StartInfo(python, new[] { "-c", string.Join(";", modules.Select(m => "import " + m)) });
            return TestProcess.Run(info, TestProcess.ShortTimeout).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
