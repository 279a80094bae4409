using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Models.Inference;
using TorchSharp;

namespace Msmla.Benchmarks.Mapping;

/// <summary>
/// Msmla's mapper end to end in a fresh process, as a user runs it (and as the Python mapper runs): from after the native
/// runtime is loaded, open the saved model, open the scene, <see cref="LczMapper.Map"/> to a Cloud Optimized GeoTIFF. The
/// process's peak resident memory (VmHWM) is all of it: .NET, libtorch, the model, the blocks and the map.
/// </summary>
internal static class MapperProcess
{
    public const string ChildFlag = "--child-map";

    /// <summary>Starts this program in child mode for one map and reads its measurements.</summary>
    public static ChildResult Map(string scene, string model, string output, int threads, int batch, InferencePrecision precision = InferencePrecision.Float32)
    {
        if (File.Exists(output)) File.Delete(output);
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(MapperProcess).Assembly.Location);
        foreach (string a in new[] { ChildFlag, scene, model, output, threads.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture), precision.ToString() })
            info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The Msmla mapping process failed (exit {process.ExitCode}):\n{stderr.Result}");
        return ChildResult.Parse(stdout.Result);
    }

    /// <summary>The child's work; arguments: scene, model, output, threads, batch, precision.</summary>
    public static int Run(string[] args)
    {
        string scenePath = args[1], model = args[2], output = args[3];
        int threads = int.Parse(args[4], CultureInfo.InvariantCulture), batch = int.Parse(args[5], CultureInfo.InvariantCulture);
        InferencePrecision precision = Enum.Parse<InferencePrecision>(args[6]);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        LczMapResult? map = null;
        Timing timing = Timing.Of(() =>
        {
            using var classifier = LczClassifier.Open(model, new LczClassifierOptions { Prediction = new PredictionOptions { Device = ComputeDevice.Cpu, BatchSize = batch, Threads = new TorchThreads { IntraOp = threads }, Precision = precision } });
            using GeoTiffScene scene = GeoTiffScene.Open(scenePath);
            var mapper = new LczMapper(classifier, new LczMapOptions { Overwrite = true });
            map = mapper.Map(new[] { scene }, MapOutputs.For(output, MapProbabilities.None));
        });
        long cells = (long)map!.Grid.Width * map.Grid.Height;
        Console.WriteLine(new ChildResult(timing.Seconds, timing.Cpu, cells, cells - map.NoDataCells, Machine.PeakResidentKb()).ToJson());
        return 0;
    }
}
