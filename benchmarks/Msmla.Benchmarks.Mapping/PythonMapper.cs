using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace Msmla.Benchmarks.Mapping;

/// <summary>Runs python_mapper.py (GDAL + NumPy + PyTorch) in a fresh interpreter and reads its measurements.</summary>
internal static class PythonMapper
{
    /// <summary>Whether the interpreter imports everything the reference mapper needs; the versions when it does.</summary>
    public static bool Available(string python, out string versions)
    {
        (int code, string output, string error) = Run(python, "-c",
            "import numpy, torch, torch.fx; from osgeo import gdal; print(f'PyTorch {torch.__version__}, GDAL {gdal.__version__}, NumPy {numpy.__version__}')");
        versions = code == 0 ? output.Trim() : error.Trim();
        return code == 0;
    }

    /// <summary>
    /// Maps the scene with the Python reference mapper; <paramref name="bfloat16"/> casts its fused model to bfloat16;
    /// <paramref name="keepFreedMemory"/> gives glibc the allocator settings Msmla's runtime makes (through the environment
    /// variables glibc reads at start: blocks up to 32 MiB kept, 1 GiB of free heap kept).
    /// </summary>
    public static ChildResult Map(string python, string card, string scene, string output, int threads, bool bfloat16 = false, bool keepFreedMemory = false)
    {
        if (File.Exists(output)) File.Delete(output);
        string script = Path.Combine(AppContext.BaseDirectory, "python_mapper.py");
        var environment = keepFreedMemory
            ? new Dictionary<string, string> { ["MALLOC_MMAP_THRESHOLD_"] = (32 << 20).ToString(), ["MALLOC_TRIM_THRESHOLD_"] = (1 << 30).ToString() }
            : null;
        (int code, string stdout, string stderr) = RunWithThreads(python, threads, environment, script, card, scene, output, bfloat16 ? "bf16" : "f32");
        if (code != 0) throw new InvalidOperationException($"The Python mapper failed (exit {code}):\n{stderr}");
        return ChildResult.Parse(stdout);
    }

    private static (int Code, string Output, string Error) Run(string python, params string[] arguments) => RunWithThreads(python, null, null, arguments);

    private static (int Code, string Output, string Error) RunWithThreads(string python, int? threads, IReadOnlyDictionary<string, string>? environment,
        params string[] arguments)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        if (threads is int t)
        {
            // torch.set_num_threads in the script; OpenMP and BLAS pools of the same size.
            info.Environment["OMP_NUM_THREADS"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["MKL_NUM_THREADS"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        try
        {
            using Process process = Process.Start(info)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }
}

/// <summary>What a mapping process reports: wall and CPU seconds from after the runtime's start to the written map, cells, windows, peak memory.</summary>
/// <remarks>The Python mapper also reports its process CPU seconds by phase (read, cut, model, write).</remarks>
internal sealed record ChildResult(double Seconds, double Cpu, long Cells, long Windows, long PeakKb, IReadOnlyDictionary<string, double>? Phases = null)
{
    public static ChildResult Parse(string output)
    {
        string line = output.Trim().Split('\n')[^1];
        using JsonDocument json = JsonDocument.Parse(line);
        JsonElement root = json.RootElement;
        Dictionary<string, double>? phases = root.TryGetProperty("phases", out JsonElement p)
            ? p.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetDouble()) : null;
        return new ChildResult(root.GetProperty("seconds").GetDouble(), root.GetProperty("cpu").GetDouble(), root.GetProperty("cells").GetInt64(),
            root.GetProperty("windows").GetInt64(), root.GetProperty("hwm_kb").GetInt64(), phases);
    }

    public string ToJson() => JsonSerializer.Serialize(new { seconds = Seconds, cpu = Cpu, cells = Cells, windows = Windows, hwm_kb = PeakKb });
}
