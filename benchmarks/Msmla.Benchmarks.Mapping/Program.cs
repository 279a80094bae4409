using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Benchmarks;
using Msmla.Benchmarks.Mapping;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Models.Inference;
using TorchSharp;

// Scene to LCZ map with MSMLA-18 on the CPU (issue 10, "Benchmark"): Msmla's LczMapper end to end against a reference
// mapper written the usual Python way (GDAL + NumPy + PyTorch 1.13, same weights), and against the bare predictor on the
// same windows in memory (the mapper's own overhead); peak memory at several scene sizes. Usage:
//   dotnet benchmarks/Msmla.Benchmarks.Mapping/bin/Release/net10.0/Msmla.Benchmarks.Mapping.dll [--rounds 3] [--threads 1]
//       [--size 2000] [--memory-sizes 1000,2000,4000|none] [--memory-python] [--python-heap] [--batch 256] [--dir DIR] [--python PATH] [--no-python]
//       [--precision float32|bfloat16]
if (args.Length > 0 && args[0] == MapperProcess.ChildFlag) return MapperProcess.Run(args);

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
TorchRuntime.EnsureLoaded();
torch.set_num_threads(settings.Threads);
Directory.CreateDirectory(settings.Directory);

string pythonVersions = "skipped (--no-python)";
bool python = !settings.SkipPython && PythonMapper.Available(settings.Python, out pythonVersions);
Console.WriteLine($"# LCZ mapping benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
Console.WriteLine($"machine: {Machine.CpuModel()}, {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}");
Console.WriteLine($"ISA: {Machine.IsaFlags()}");
Console.WriteLine($"Msmla: {RuntimeInformation.FrameworkDescription}, TorchSharp {typeof(torch).Assembly.GetName().Version}; Python peer: {pythonVersions}");
bool bf16 = settings.Precision == InferencePrecision.BFloat16;
Console.WriteLine($"precision: {settings.Precision}; CPU features: {CpuFeatures.Current}" + (bf16 && !CpuFeatures.Current.HasNativeBFloat16 ? " (bfloat16 is emulated here: the bfloat16 rows measure emulation)" : ""));
Console.WriteLine($"threads: {settings.Threads} (torch.set_num_threads and OMP_NUM_THREADS on both sides); rounds: {settings.Rounds}; load average at start: {Machine.LoadAverage()}");

string twins = Path.Combine(Machine.RepositoryRoot(), "tests", "Msmla.Models.Tests", "Architectures");
string modelPath = BenchInputs.Model(settings);
string scenePath = BenchInputs.Scene(settings, settings.Size);
var classifierOptions = new LczClassifierOptions { Prediction = new PredictionOptions { Device = ComputeDevice.Cpu, BatchSize = settings.Batch, Threads = new TorchThreads { IntraOp = settings.Threads }, Precision = settings.Precision } };
using var classifier = LczClassifier.Open(modelPath, classifierOptions);
string card = BenchInputs.PythonCard(settings, classifier, twins);
using GeoTiffScene scene = GeoTiffScene.Open(scenePath);
var mapper = new LczMapper(classifier, new LczMapOptions { Overwrite = true });
const int Step = 10;
int patch = classifier.Input.PatchSize, window = classifier.Input.Channels * patch * patch;
Console.WriteLine($"scene: {scenePath}, {scene.Width} x {scene.Height} x {scene.BandNames.Count} uint16, tiled 256, Deflate; model: {classifier.Model.Info.Name}, input {classifier.Input.Describe()}");

// The bare predictor's input: the same windows, cut and scaled once (not timed).
BareWindows windows = BareWindows.Cut(scene, classifier.Input, Step);
using var predictor = new LczPredictor(classifier.Model, classifier.Options.Prediction);
Console.WriteLine($"map: {windows.MapWidth} x {windows.MapHeight} cells ({Step}-pixel step, {patch} x {patch} windows), {windows.Count} windows inside the scene and without nodata; batch {settings.Batch}");

// Warm-up of the in-process sides (JIT, oneDNN primitives); the fresh processes start cold, as a user's would.
mapper.Compute(new[] { scene }, 0, Math.Min(20, windows.MapHeight));
predictor.Predict(windows.Values.AsSpan(0, Math.Min(windows.Count, 2 * settings.Batch) * window), Math.Min(windows.Count, 2 * settings.Batch), patch, patch);

string mapOut = Path.Combine(settings.Directory, "map-msmla.tif");
string childOut = Path.Combine(settings.Directory, "map-msmla-process.tif");
string pythonOut = Path.Combine(settings.Directory, "map-python.tif");
string python16Out = Path.Combine(settings.Directory, "map-python-bf16.tif");
var peer16 = new List<ChildResult>();
var child = new List<ChildResult>();
var peer = new List<ChildResult>();
var peerHeap = new List<ChildResult>();
bool pythonHeap = python && settings.PythonHeap;
string pythonHeapOut = Path.Combine(settings.Directory, "map-python-heap.tif");
var inProcess = new List<Timing>();
var bare = new List<Timing>();
byte[]? mapLabels = null;
IReadOnlyList<int>? bareLabels = null;
for (int round = 0; round < settings.Rounds; round++)
{
    foreach (int side in round % 2 == 0 ? new[] { 0, 1, 5, 4, 2, 3 } : new[] { 3, 2, 4, 5, 1, 0 })
    {
        switch (side)
        {
            case 0:
                child.Add(MapperProcess.Map(scenePath, modelPath, childOut, settings.Threads, settings.Batch, settings.Precision));
                break;
            case 4:
                if (python && bf16) peer16.Add(PythonMapper.Map(settings.Python, card, scenePath, python16Out, settings.Threads, bfloat16: true));
                break;
            case 1:
                if (python) peer.Add(PythonMapper.Map(settings.Python, card, scenePath, pythonOut, settings.Threads));
                break;
            case 5:
                if (pythonHeap) peerHeap.Add(PythonMapper.Map(settings.Python, card, scenePath, pythonHeapOut, settings.Threads, keepFreedMemory: true));
                break;
            case 2:
                inProcess.Add(Timing.Of(() => mapLabels = mapper.Map(new[] { scene }, MapOutputs.For(mapOut, MapProbabilities.None)).Labels));
                break;
            default:
                bare.Add(Timing.Of(() => bareLabels = predictor.Predict(windows.Values, windows.Count, patch, patch).Labels));
                break;
        }
    }
    Console.Error.WriteLine($"round {round + 1}: Msmla process {child[^1].Seconds:F1}/{child[^1].Cpu:F1} s, " +
        (python ? $"Python {peer[^1].Seconds:F1}/{peer[^1].Cpu:F1} s, " : "") +
        (python && bf16 ? $"Python bf16 {peer16[^1].Seconds:F1}/{peer16[^1].Cpu:F1} s, " : "") +
        (pythonHeap ? $"Python, glibc keeping memory {peerHeap[^1].Seconds:F1}/{peerHeap[^1].Cpu:F1} s, " : "") +
        $"Msmla in-process Map {inProcess[^1]}, bare predictor {bare[^1]} (wall/CPU s); load {Machine.LoadAverage()}");
}

// Checks: the mapper classifies exactly the bare windows; the process map is the in-process map; the Python map agrees.
int cells = windows.MapWidth * windows.MapHeight;
var expected = new byte[cells];
for (int i = 0; i < windows.Count; i++) expected[windows.Cells[i]] = (byte)(bareLabels![i] + 1);
int bareDiffer = Enumerable.Range(0, cells).Count(i => expected[i] != mapLabels![i]);
int childDiffer = Differences(mapLabels!, ReadMap(childOut));
byte[]? pythonLabels = python ? ReadMap(pythonOut) : null;
int pythonDiffer = pythonLabels == null ? 0 : Differences(mapLabels!, pythonLabels);
int pythonClassifiedDiffer = pythonLabels == null ? 0 : Enumerable.Range(0, cells).Count(i => mapLabels![i] != 0 && pythonLabels[i] != mapLabels[i]);
int nodataDiffer = pythonLabels == null ? 0 : Enumerable.Range(0, cells).Count(i => (mapLabels![i] == 0) != (pythonLabels[i] == 0));

// Writing the COG alone (the in-process Map includes it).
var writes = new List<Timing>();
string writeOut = Path.Combine(settings.Directory, "map-write-only.tif");
for (int i = 0; i < 5; i++)
    writes.Add(Timing.Of(() => LczMapWriter.WriteClasses(writeOut, mapLabels, windows.MapWidth, windows.MapHeight, scene.GeoReferencing.Scale(Step),
        new MapWriteOptions { Overwrite = true })));

// Peak memory at other scene sizes, one fresh process each.
var memory = new List<(int Size, ChildResult Msmla, ChildResult? Python)>();
foreach (int size in settings.MemorySizes)
{
    if (size == settings.Size)
    {
        memory.Add((size, MedianResult(child), python ? MedianResult(peer) : null));
        continue;
    }
    string path = BenchInputs.Scene(settings, size);
    ChildResult ours = MapperProcess.Map(path, modelPath, Path.Combine(settings.Directory, $"map-msmla-{size}.tif"), settings.Threads, settings.Batch, settings.Precision);
    ChildResult? theirs = python && settings.MemoryPython
        ? PythonMapper.Map(settings.Python, card, path, Path.Combine(settings.Directory, $"map-python-{size}.tif"), settings.Threads) : null;
    Console.Error.WriteLine($"memory at {size}^2: Msmla {ours.PeakKb / 1024.0:F0} MB ({ours.Seconds:F1}/{ours.Cpu:F1} s)" +
        (theirs != null ? $", Python {theirs.PeakKb / 1024.0:F0} MB ({theirs.Seconds:F1}/{theirs.Cpu:F1} s)" : ""));
    memory.Add((size, ours, theirs));
}

// ---- Report ----
double megapixels = (double)scene.Width * scene.Height / 1e6;
Console.WriteLine();
Console.WriteLine("Raw rounds (wall/CPU s): Msmla process " + string.Join(" ", child.Select(c => $"{c.Seconds:F1}/{c.Cpu:F1}")) +
    (python ? " | Python " + string.Join(" ", peer.Select(c => $"{c.Seconds:F1}/{c.Cpu:F1}")) : "") +
    " | Msmla in-process Map " + string.Join(" ", inProcess) + " | bare predictor " + string.Join(" ", bare));
Console.WriteLine($"Checks: mapper against the bare predictor on the same windows: {bareDiffer} of {cells} cells differ; " +
    $"the map of the fresh process against the in-process map: {childDiffer} differ.");
if (pythonLabels != null)
    Console.WriteLine($"Agreement with the Python map: {100.0 * (cells - pythonDiffer) / cells:F3} % of {cells} cells equal ({pythonDiffer} differ; " +
        $"{pythonClassifiedDiffer} of {cells - mapLabels!.Count(l => l == 0)} classified cells, {nodataDiffer} differ in being nodata)" +
        (bf16 ? " (Msmla in bfloat16, Python in float32: the bfloat16 map's agreement with a float32 map)." : "."));
if (pythonLabels != null && bf16)
{
    byte[] python16Labels = ReadMap(python16Out);
    int classified = mapLabels!.Count(l => l != 0);
    Console.WriteLine($"Python's own bfloat16 map against its float32 map: {Enumerable.Range(0, cells).Count(i => pythonLabels[i] != 0 && python16Labels[i] == pythonLabels[i])} of " +
        $"{pythonLabels.Count(l => l != 0)} classified cells equal; Msmla bfloat16 against Python bfloat16: {Differences(mapLabels!, python16Labels)} cells differ.");
}

Console.WriteLine();
Console.WriteLine($"End to end, {scene.Width} x {scene.Height} scene ({megapixels:F1} megapixels, {cells} map cells, {windows.Count} classified windows), " +
    $"{settings.Threads} thread(s), fresh process per run, median of {settings.Rounds}:");
Console.WriteLine();
Console.WriteLine("| mapper | wall s | CPU s | map cells/s (CPU) | map cells/s (wall) | input MP/s (CPU) | input MP/s (wall) | peak memory (VmHWM) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
void EndToEndRow(string name, List<ChildResult> runs)
{
    double s = Timing.Median(runs.Select(r => r.Seconds)), c = Timing.Median(runs.Select(r => r.Cpu));
    Console.WriteLine($"| {name} | {s:F1} | {c:F1} | {cells / c:N0} | {cells / s:N0} | {megapixels / c:F3} | {megapixels / s:F3} | {Timing.Median(runs.Select(r => (double)r.PeakKb)) / 1024:F0} MB |");
}
EndToEndRow($"Msmla `LczMapper.Map` (model open, scene, COG written){(bf16 ? ", bfloat16" : "")}", child);
if (python)
{
    // The speed-up of Msmla against one of the Python runs: its median wall and CPU time over Msmla's.
    void SpeedUpRow(string against, List<ChildResult> runs) =>
        Console.WriteLine($"| **Msmla speed-up ({against} / Msmla)** | {Timing.Median(runs.Select(p => p.Seconds)) / Timing.Median(child.Select(p => p.Seconds)):F2}x | " +
            $"**{Timing.Median(runs.Select(p => p.Cpu)) / Timing.Median(child.Select(p => p.Cpu)):F2}x** | | | | | |");
    EndToEndRow("Python: GDAL + NumPy + PyTorch (fx-fused, channels-last), COG written", peer);
    var perRound = child.Zip(peer, (o, t) => t.Cpu / o.Cpu).ToArray();
    SpeedUpRow("Python", peer);
    if (bf16)
    {
        EndToEndRow("Python, its fused model cast to bfloat16", peer16);
        SpeedUpRow("Python bfloat16", peer16);
    }
    if (pythonHeap)
    {
        EndToEndRow("Python, with glibc keeping freed memory (MALLOC_MMAP_THRESHOLD_ 32 MiB, MALLOC_TRIM_THRESHOLD_ 1 GiB)", peerHeap);
        SpeedUpRow("that Python", peerHeap);
    }
    Console.WriteLine();
    Console.WriteLine($"Per-round CPU ratio Python / Msmla: {string.Join(", ", perRound.Select(r => $"{r:F2}x"))}.");
    if (peer.All(p => p.Phases != null))
    {
        double Phase(string name) => Timing.Median(peer.Select(p => p.Phases![name]));
        double read = Phase("read"), cut = Phase("cut"), model = Phase("model"), write = Phase("write"), total = Timing.Median(peer.Select(p => p.Cpu));
        Console.WriteLine();
        Console.WriteLine("Python's CPU seconds by phase (median of rounds): " +
            $"read {read:F2}, scale + cut windows {cut:F2}, model (batches to labels) {model:F2}, write {write:F2}, the rest (model load and fuse, setup) {total - read - cut - model - write:F2}. " +
            $"Inference alone, PyTorch's model phase / Msmla's bare predictor (CPU): {model / Timing.Median(bare.Select(b => b.Cpu)):F2}x.");
    }
}

Console.WriteLine();
Console.WriteLine($"The mapper's own overhead: in one process, the mapper (warm) against the bare predictor on the same {windows.Count} windows in memory, median of {settings.Rounds}:");
Console.WriteLine();
Console.WriteLine("| | wall s | CPU s | windows/s (CPU) | windows/s (wall) |");
Console.WriteLine("|---|---:|---:|---:|---:|");
double bw = Timing.Median(bare.Select(b => b.Seconds)), bc = Timing.Median(bare.Select(b => b.Cpu));
double mw = Timing.Median(inProcess.Select(b => b.Seconds)), mc = Timing.Median(inProcess.Select(b => b.Cpu));
Console.WriteLine($"| bare `LczPredictor.Predict` (windows already cut and scaled) | {bw:F2} | {bc:F2} | {windows.Count / bc:N0} | {windows.Count / bw:N0} |");
Console.WriteLine($"| `LczMapper.Map` (read, scale, cut, predict, COG written) | {mw:F2} | {mc:F2} | {windows.Count / mc:N0} | {windows.Count / mw:N0} |");
Console.WriteLine($"| **overhead (mapper / bare - 1)** | {100 * (mw / bw - 1):+0.0;-0.0} % | **{100 * (mc / bc - 1):+0.0;-0.0} %** | | |");
var overheads = inProcess.Zip(bare, (m, b) => 100 * (m.Cpu / b.Cpu - 1)).ToArray();
Console.WriteLine();
Console.WriteLine($"Per-round CPU overhead: {string.Join(", ", overheads.Select(o => $"{o:+0.0;-0.0} %"))}. Writing the map's COG alone: " +
    $"{1000 * Timing.Median(writes.Select(w => w.Cpu)):F0} ms CPU ({1000 * Timing.Median(writes.Select(w => w.Seconds)):F0} ms wall).");

Console.WriteLine();
int fullSide = 10980, fullInside = Enumerable.Range(0, (fullSide + Step - 1) / Step).Count(c => c * Step + Step / 2 - patch / 2 >= 0 && c * Step + Step / 2 - patch / 2 + patch <= fullSide);
long fullWindows = (long)fullInside * fullInside;
Console.WriteLine($"A full {fullSide} x {fullSide} Sentinel-2 tile: {(fullSide + Step - 1) / Step}^2 = {Math.Pow((fullSide + Step - 1) / Step, 2):N0} cells, {fullWindows:N0} windows without nodata; " +
    "time = windows / (classified windows per second of the end-to-end runs above):");
Console.WriteLine();
Console.WriteLine("| mapper | windows/s (CPU) | CPU time per tile | windows/s (wall, this run) | wall time per tile (this run) |");
Console.WriteLine("|---|---:|---:|---:|---:|");
void TileRow(string name, List<ChildResult> runs)
{
    double c = Timing.Median(runs.Select(r => r.Windows / r.Cpu)), s = Timing.Median(runs.Select(r => r.Windows / r.Seconds));
    Console.WriteLine($"| {name} | {c:N0} | {Minutes(fullWindows / c)} | {s:N0} | {Minutes(fullWindows / s)} |");
}
TileRow(bf16 ? "Msmla, bfloat16" : "Msmla", child);
if (python) TileRow("Python reference", peer);
if (python && bf16) TileRow("Python reference, bfloat16", peer16);
if (pythonHeap) TileRow("Python reference, glibc keeping freed memory", peerHeap);

if (memory.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("Peak memory (VmHWM of the whole process, fresh process per map):");
    Console.WriteLine();
    Console.WriteLine("| scene | megapixels | map cells | classified windows | Msmla peak | Msmla CPU s | Msmla windows/s (CPU) | Python peak | Python CPU s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach ((int size, ChildResult ours, ChildResult? theirs) in memory)
        Console.WriteLine($"| {size} x {size} | {size * (double)size / 1e6:F1} | {ours.Cells:N0} | {ours.Windows:N0} | {ours.PeakKb / 1024.0:F0} MB | {ours.Cpu:F1} | {ours.Windows / ours.Cpu:N0} | " +
            (theirs != null ? $"{theirs.PeakKb / 1024.0:F0} MB | {theirs.Cpu:F1} |" : "- | - |"));
}
return 0;

static string Minutes(double seconds) => seconds >= 120 ? $"{seconds / 60:F1} min" : $"{seconds:F0} s";

static int Differences(byte[] a, byte[] b)
{
    if (a.Length != b.Length) throw new InvalidOperationException($"The maps have {a.Length} and {b.Length} cells.");
    int n = 0;
    for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) n++;
    return n;
}

static byte[] ReadMap(string path)
{
    using GeoTiffRaster raster = GeoTiffRaster.Open(path);
    var values = new float[raster.Width * raster.Height];
    raster.ReadRows(0, raster.Height, values);
    return values.Select(v => (byte)v).ToArray();
}

static ChildResult MedianResult(List<ChildResult> runs) => new(
    Timing.Median(runs.Select(r => r.Seconds)), Timing.Median(runs.Select(r => r.Cpu)), runs[0].Cells, runs[0].Windows,
    (long)Timing.Median(runs.Select(r => (double)r.PeakKb)));

