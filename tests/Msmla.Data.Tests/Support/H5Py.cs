using System;
using System.Globalization;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Support;

/// <summary>Runs h5py/numpy scripts (the reference HDF5 library) to write test files and reference values.</summary>
internal static class H5Py
{
    /// <summary>Skips the test when Debian's python3-h5py / python3-numpy are absent.</summary>
    public static string Require() => PythonPeer.Require("h5py", "numpy");

    /// <summary>Runs a script with arguments; the script gets <c>h5py</c>, <c>numpy as np</c>, <c>sys</c>, <c>os</c> imported.</summary>
    public static string Run(string script, params string[] arguments) =>
        PythonPeer.Run(Require(), "import sys, os, json\nimport numpy as np\nimport h5py\n" + script, arguments);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
