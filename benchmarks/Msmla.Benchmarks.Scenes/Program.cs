using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Benchmarks.Scenes;
using Msmla.Data.Scenes;

// GeoTiffRaster / GeoTiffScene against GDAL's Python bindings, reading the same GeoTIFFs in the same row
// blocks into float32 [band][row][column], interleaved case by case in one run. Usage:
//   dotnet run -c Release --project benchmarks/Msmla.Benchmarks.Scenes -- [--dir DIR] [--size 2000] [--bands 10]
//       [--rows 320] [--repeats 5] [--python PATH]
var settings = Settings.Parse(args);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string cpuModel = File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
    : "unknown";
var gdal = new GdalPeer(settings.Python);
if (!gdal.Available())
{
    Console.WriteLine($"{settings.Python} cannot import osgeo.gdal and numpy: install python3-gdal; no comparison possible.");
    return 1;
}
Console.WriteLine($"# GeoTIFF scene reader benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
Console.WriteLine($"machine: {cpuModel}, {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, GDAL {gdal.Version()}");
bool libdeflate = NativeLibrary.TryLoad("libdeflate.so.0", out _) || NativeLibrary.TryLoad("libdeflate", out _);
Console.WriteLine($"Deflate tiles are inflated by {(libdeflate ? "the system's libdeflate (as in GDAL)" : "System.IO.Compression (libdeflate not found)")}.");
Console.WriteLine($"load average at start: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown")}");

Directory.CreateDirectory(settings.Directory);
string marker = Path.Combine(settings.Directory, $"written-{settings.Size}x{settings.Bands}");
if (!File.Exists(marker))
{
    Console.WriteLine($"writing the scene files ({settings.Size} x {settings.Size} x {settings.Bands} uint16) with GDAL to {settings.Directory} ...");
    gdal.WriteFiles(settings.Directory, settings.Size, settings.Size, settings.Bands);
    File.WriteAllText(marker, "");
}

string[] names = { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" };
var cases = new List<(string Name, string Description, string[] Files)>
{
    ("tiled-deflate-pixel", "tiled 256, DEFLATE + predictor 2, pixel-interleaved", new[] { "tiled-deflate-pixel.tif" }),
    ("tiled-lzw-pixel", "tiled 256, LZW + predictor 2, pixel-interleaved", new[] { "tiled-lzw-pixel.tif" }),
    ("tiled-deflate-band", "tiled 256, DEFLATE + predictor 2, band-separate", new[] { "tiled-deflate-band.tif" }),
    ("striped-none-pixel", "strips, uncompressed, pixel-interleaved (gdal_translate's default)", new[] { "striped-none-pixel.tif" }),
    ("single-band-files", "one file per band, tiled 512, DEFLATE + predictor 2", names.Take(settings.Bands).Select(n => $"single-{n}.tif").ToArray()),
};

int blocks = (settings.Size + settings.Rows - 1) / settings.Rows;
double scale = 10980.0 * 10980.0 / ((double)settings.Size * settings.Size);
var table = new List<string>();
foreach ((string name, string description, string[] files) in cases)
{
    string[] paths = files.Select(f => Path.Combine(settings.Directory, f)).ToArray();
    foreach (string p in paths) File.ReadAllBytes(p); // warm page cache for both sides
    var ours1 = new List<(double, double)>();
    var ours2 = new List<(double, double)>();
    var theirs1 = new List<(double, double)>();
    var theirs2 = new List<(double, double)>();
    double ourCheck = 0, theirCheck = 0;
    RunOurs(paths, settings, 1); // JIT warm-up
    for (int r = 0; r < settings.Repeats; r++)
    {
        foreach (int who in r % 2 == 0 ? new[] { 0, 1, 2, 3 } : new[] { 3, 2, 1, 0 })
        {
            switch (who)
            {
                case 0:
                    (double s, double c, double check) = RunOurs(paths, settings, 1);
                    ours1.Add((s, c));
                    ourCheck = check;
                    break;
                case 1:
                    (double s2, double c2, _) = RunOurs(paths, settings, 2);
                    ours2.Add((s2, c2));
                    break;
                case 2:
                    (double s3, double c3, double check3) = gdal.Read(paths, settings.Rows, 1);
                    theirs1.Add((s3, c3));
                    theirCheck = check3;
                    break;
                default:
                    (double s4, double c4, _) = gdal.Read(paths, settings.Rows, 2);
                    theirs2.Add((s4, c4));
                    break;
            }
        }
    }
    if (Math.Abs(ourCheck - theirCheck) > 1e-6 * Math.Abs(theirCheck))
        throw new InvalidOperationException($"{name}: the two readers disagree (check sums {ourCheck} and {theirCheck}).");
    double o1 = Median(ours1.Select(x => x.Item1)), o2 = Median(ours2.Select(x => x.Item1));
    double g1 = Median(theirs1.Select(x => x.Item1)), g2 = Median(theirs2.Select(x => x.Item1));
    double oc = Median(ours1.Select(x => x.Item2)), gc = Median(theirs1.Select(x => x.Item2));
    Console.WriteLine($"{name}: Msmla {Join(ours1)} | Msmla 2 threads {Join(ours2)} | GDAL {Join(theirs1)} | GDAL 2 threads {Join(theirs2)} (wall/cpu s)");
    table.Add($"| {description} | {oc * 1000 / blocks:F1} | {gc * 1000 / blocks:F1} | **{gc / oc:F2}x** | {o1 * 1000 / blocks:F1} | {g1 * 1000 / blocks:F1} | {g1 / o1:F2}x | {o2 * 1000 / blocks:F1} | {g2 * 1000 / blocks:F1} | {oc * scale:F1} | {gc * scale:F1} |");
}

Console.WriteLine();
Console.WriteLine($"{settings.Size} x {settings.Size} x {settings.Bands} uint16, read in {blocks} blocks of {settings.Rows} rows (all bands, float32), page cache warm; median of {settings.Repeats} runs, each opening the file(s).");
Console.WriteLine("Ratios: GDAL / Msmla, one thread each (above 1: Msmla is faster); process CPU time first (steady on a shared machine), then wall time. Full tile: the whole-image CPU time times 10980^2 / size^2.");
Console.WriteLine();
Console.WriteLine("| file | Msmla CPU ms/block | GDAL CPU ms/block | CPU GDAL / Msmla | Msmla wall ms/block | GDAL wall ms/block | wall GDAL / Msmla | Msmla 2 threads wall ms/block | GDAL 2 threads wall ms/block | Msmla CPU s per 10980^2 tile | GDAL CPU s per 10980^2 tile |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
table.ForEach(Console.WriteLine);
return 0;

static (double Seconds, double Cpu, double Check) RunOurs(string[] paths, Settings settings, int threads)
{
    var options = new GeoTiffReadOptions { DecodeThreads = threads };
    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    double check = 0;
    if (paths.Length == 1)
    {
        using GeoTiffRaster raster = GeoTiffRaster.Open(paths[0], options);
        var block = new float[raster.BandCount * settings.Rows * raster.Width];
        for (int row = 0; row < raster.Height; row += settings.Rows)
        {
            int n = Math.Min(settings.Rows, raster.Height - row);
            raster.ReadRows(row, n, block);
            for (int b = 0; b < raster.BandCount; b++) check += block[(b + 1) * n * raster.Width - 1];
        }
    }
    else
    {
        using GeoTiffScene scene = GeoTiffScene.Open(paths, options);
        SceneBandSelection bands = scene.SelectBands(scene.BandNames);
        var block = new float[bands.Count * settings.Rows * scene.Width];
        for (int row = 0; row < scene.Height; row += settings.Rows)
        {
            int n = Math.Min(settings.Rows, scene.Height - row);
            scene.ReadRows(row, n, bands, block);
            for (int b = 0; b < bands.Count; b++) check += block[(b + 1) * n * scene.Width - 1];
        }
    }
    watch.Stop();
    return (watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, check);
}

static double Median(IEnumerable<double> values)
{
    double[] sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Join(List<(double Seconds, double Cpu)> runs) => string.Join(" ", runs.Select(r => $"{r.Seconds:F3}/{r.Cpu:F3}"));

internal sealed record Settings(string Directory, int Size, int Bands, int Rows, int Repeats, string Python)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(Path.Combine(Path.GetTempPath(), "msmla-bench-scenes"), 2000, 10, 320, 5, "/usr/bin/python3");
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            s = args[i] switch
            {
                "--dir" => s with { Directory = Next() },
                "--size" => s with { Size = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--bands" => s with { Bands = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rows" => s with { Rows = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--repeats" => s with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--python" => s with { Python = Next() },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }
        if (s.Size < 40 || s.Bands < 1 || s.Bands > 10 || s.Rows < 1 || s.Repeats < 1)
            throw new ArgumentException("--size at least 40, --bands 1 to 10, --rows and --repeats positive.");
        return s;
    }
}
