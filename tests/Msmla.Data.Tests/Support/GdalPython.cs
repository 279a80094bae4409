using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Support;

/// <summary>Runs scripts with GDAL's Python bindings (Debian's python3-gdal) and numpy: the independent peer for GeoTIFF tests.</summary>
internal static class GdalPython
{
    private const string Prelude = """
import sys, os, json, struct
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()

""";

    /// <summary>An interpreter with osgeo.gdal and numpy, or null.</summary>
    public static string? Find() => PythonPeer.Find("osgeo.gdal", "numpy");

    /// <summary>An interpreter with GDAL's Python bindings and numpy; skips the test (fails it in CI) when they are absent.</summary>
    public static string Require() => PythonPeer.Require("osgeo.gdal", "numpy");

    /// <summary>Runs a script with <c>gdal</c>, <c>osr</c>, <c>numpy as np</c>, <c>json</c>, <c>struct</c>, <c>sys</c> and <c>os</c> imported and GDAL exceptions on.</summary>
    public static string Run(string script, params string[] arguments) => PythonPeer.Run(Require(), Prelude + script, arguments);
}
