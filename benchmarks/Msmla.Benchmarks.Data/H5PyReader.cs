using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Msmla.Benchmarks.Data;

/// <summary>Runs the h5py side of a measurement in a Python process, reading the way the So2Sat Keras loaders do.</summary>
internal sealed class H5PyReader
{
    private const string Script = """
import sys, time, json
import numpy as np, h5py
path, mode, batch, seed, convert, datasets = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == '1', sys.argv[6].split(',')
with h5py.File(path, 'r') as f:
    data = [f[d] for d in datasets]
    label = f['label']
    n = label.shape[0]
    start = time.perf_counter()
    cpu = time.process_time()
    done = 0
    if mode == 'shuffled':
        order = np.random.default_rng(seed).permutation(n)
        slices = (np.sort(order[i:i + batch]) for i in range(0, n, batch))
    else:
        slices = (slice(i, min(i + batch, n)) for i in range(0, n, batch))
    for s in slices:
        xs = [d[s] for d in data]
        y = label[s].argmax(axis=1)
        if convert:
            x = np.concatenate(xs, axis=3) if len(xs) > 1 else xs[0]
            x = np.ascontiguousarray(x.astype(np.float32).transpose(0, 3, 1, 2))
        done += len(y)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so it would include the .NET parent at fork time.
hwm = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))
print(json.dumps({'seconds': seconds, 'cpu': cpu, 'patches': done, 'maxrss_kb': hwm}))
""";

    private readonly string _python;

    public H5PyReader(string python)
    {
        _python = python;
    }

    /// <summary>Whether the interpreter can import h5py and numpy.</summary>
    public bool Available()
    {
        try
        {
            return Run("-c", "import h5py, numpy").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public (double Seconds, double CpuSeconds, long Patches, long MaxRssKb) Read(string path, string mode, int batch, int seed, bool convert, string datasets)
    {
        string file = Path.Combine(Path.GetTempPath(), $"msmla-bench-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, Script);
        try
        {
            (int exit, string output, string error) = Run(file, path, mode, batch.ToString(CultureInfo.InvariantCulture),
                seed.ToString(CultureInfo.InvariantCulture), convert ? "1" : "0", datasets);
            if (exit != 0) throw new InvalidOperationException($"h5py run failed: {error}");
            using JsonDocument json = JsonDocument.Parse(output);
            JsonElement root = json.RootElement;
            return (root.GetProperty("seconds").GetDouble(), root.GetProperty("cpu").GetDouble(), root.GetProperty("patches").GetInt64(), root.GetProperty("maxrss_kb").GetInt64());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(_python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        using Process process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
