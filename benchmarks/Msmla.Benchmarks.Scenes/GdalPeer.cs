using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace Msmla.Benchmarks.Scenes;

/// <summary>The GDAL side: writes the scene files and reads them block by block with GDAL's Python bindings.</summary>
internal sealed class GdalPeer
{
    private const string WriteScript = """
import sys, os
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
out, w, h, bands = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(42)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32633)
gt = (399960.0, 10.0, 0.0, 5500020.0, 0.0, -10.0)
names = ['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B11', 'B12']
# Reflectance-like digital numbers: smooth fields (land cover patches) plus sensor noise.
coarse = rng.integers(300, 4000, size=(bands, h // 40 + 2, w // 40 + 2)).astype(np.float64)
ys = np.arange(h) / 40.0; xs = np.arange(w) / 40.0
y0 = ys.astype(int); x0 = xs.astype(int); fy = (ys - y0)[:, None]; fx = (xs - x0)[None, :]
data = np.empty((bands, h, w), dtype=np.uint16)
for b in range(bands):
    c = coarse[b]
    field = (c[y0][:, x0] * (1 - fy) * (1 - fx) + c[y0 + 1][:, x0] * fy * (1 - fx) + c[y0][:, x0 + 1] * (1 - fy) * fx + c[y0 + 1][:, x0 + 1] * fy * fx)
    data[b] = np.clip(field + rng.normal(0, 60, size=(h, w)), 0, 20000).astype(np.uint16)
def write(name, opts, band_list):
    path = os.path.join(out, name + '.tif')
    ds = gdal.GetDriverByName('GTiff').Create(path, w, h, len(band_list), gdal.GDT_UInt16, opts)
    ds.SetGeoTransform(gt); ds.SetProjection(srs.ExportToWkt())
    for i, b in enumerate(band_list):
        ds.GetRasterBand(i + 1).WriteArray(data[b]); ds.GetRasterBand(i + 1).SetDescription(names[b])
    ds = None
all_bands = list(range(bands))
write('tiled-deflate-pixel', ['TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256', 'COMPRESS=DEFLATE', 'PREDICTOR=2'], all_bands)
write('tiled-lzw-pixel', ['TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256', 'COMPRESS=LZW', 'PREDICTOR=2'], all_bands)
write('tiled-deflate-band', ['TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256', 'COMPRESS=DEFLATE', 'PREDICTOR=2', 'INTERLEAVE=BAND'], all_bands)
write('striped-none-pixel', [], all_bands)
for b in all_bands:
    write('single-' + names[b], ['TILED=YES', 'BLOCKXSIZE=512', 'BLOCKYSIZE=512', 'COMPRESS=DEFLATE', 'PREDICTOR=2'], [b])
""";

    private const string ReadScript = """
import sys, time, json
from osgeo import gdal
gdal.UseExceptions()
paths, rows, threads = sys.argv[1].split(','), int(sys.argv[2]), sys.argv[3]
gdal.SetConfigOption('GDAL_NUM_THREADS', threads)
start = time.perf_counter(); cpu = time.process_time()
datasets = [gdal.Open(p) for p in paths]
w, h = datasets[0].RasterXSize, datasets[0].RasterYSize
total = 0.0
for row in range(0, h, rows):
    n = min(rows, h - row)
    for ds in datasets:
        a = ds.ReadAsArray(0, row, w, n, buf_type=gdal.GDT_Float32)
        total += float(a[..., -1, -1].sum())
seconds = time.perf_counter() - start; cpu = time.process_time() - cpu
print(json.dumps({'seconds': seconds, 'cpu': cpu, 'check': total}))
""";

    private readonly string _python;

    public GdalPeer(string python) => _python = python;

    public bool Available() => TryRun(new[] { "-c", "from osgeo import gdal; import numpy" }, out _);

    public string Version()
    {
        TryRun(new[] { "-c", "from osgeo import gdal; print(gdal.__version__)" }, out string output);
        return output.Trim();
    }

    public void WriteFiles(string directory, int width, int height, int bands) =>
        RunScript(WriteScript, directory, width.ToString(System.Globalization.CultureInfo.InvariantCulture), height.ToString(System.Globalization.CultureInfo.InvariantCulture), bands.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Reads every block of <paramref name="rows"/> rows of all bands as float32; returns wall and CPU seconds.</summary>
    public (double Seconds, double Cpu, double Check) Read(IReadOnlyList<string> paths, int rows, int threads)
    {
        string output = RunScript(ReadScript, string.Join(",", paths), rows.ToString(System.Globalization.CultureInfo.InvariantCulture), threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        return (root.GetProperty("seconds").GetDouble(), root.GetProperty("cpu").GetDouble(), root.GetProperty("check").GetDouble());
    }

    private string RunScript(string script, params string[] arguments)
    {
        string file = Path.Combine(Path.GetTempPath(), $"msmla-bench-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try
        {
            var all = new List<string> { file };
            all.AddRange(arguments);
            if (!TryRun(all, out string output, out string error)) throw new InvalidOperationException($"The GDAL peer failed:\n{error}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private bool TryRun(IEnumerable<string> arguments, out string output) => TryRun(arguments, out output, out _);

    private bool TryRun(IEnumerable<string> arguments, out string output, out string error)
    {
        try
        {
            var info = new ProcessStartInfo(_python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments) info.ArgumentList.Add(a);
            using Process process = Process.Start(info)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            output = stdout.Result;
            error = stderr.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = "";
            error = e.Message;
            return false;
        }
    }
}
