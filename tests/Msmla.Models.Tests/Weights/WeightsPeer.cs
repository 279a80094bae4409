using System.IO;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Weights;

/// <summary>Runs the Python helpers of the weight tests (Weights/Python) with Debian's python3-torch / h5py / numpy.</summary>
internal static class WeightsPeer
{
    /// <summary>The directory holding the Python helper modules.</summary>
    public static string ScriptDirectory { get; } =
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Msmla.Models.Tests", "Weights", "Python");

    /// <summary>An interpreter with the modules, or skips the test.</summary>
    public static string Require(params string[] modules) => PythonPeer.Require(modules);

    /// <summary>Runs a script body with the helper modules importable; returns its standard output.</summary>
    public static string Run(string python, string body, params string[] arguments)
    {
        string prelude = "import sys\nsys.path.insert(0, " + PythonString(ScriptDirectory) + ")\n";
        return PythonPeer.Run(python, prelude + body, arguments);
    }

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
