using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Msmla.Benchmarks.Mapping;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchSettings
{
    public string Directory { get; init; } = Path.Combine(Path.GetTempPath(), "msmla-bench-mapping");

    /// <summary>The side of the square scene of the timed rounds.</summary>
    public int Size { get; init; } = 2000;

    public int Rounds { get; init; } = 3;

    /// <summary>Torch intra-op threads on both sides.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The predictor's batch size (Msmla's default) and the Python side's.</summary>
    public int Batch { get; init; } = Msmla.Models.Inference.PredictionOptions.DefaultBatchSize;

    /// <summary>Also run the Python mapper with glibc keeping freed memory (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), as Msmla's runtime sets it.</summary>
    public bool PythonHeap { get; init; }

    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>Scene sides whose peak memory is measured once each (a fresh process per map).</summary>
    public IReadOnlyList<int> MemorySizes { get; init; } = new[] { 1000, 2000, 4000 };

    /// <summary>Also measure the Python mapper's peak memory at <see cref="MemorySizes"/>.</summary>
    public bool MemoryPython { get; init; }

    /// <summary>Synthetic training patches for the model (trained once, then kept in <see cref="Directory"/>).</summary>
    public int TrainPatches { get; init; } = 2048;

    public int TrainEpochs { get; init; } = 2;

    public bool SkipPython { get; init; }

    /// <summary>
    /// Msmla's inference precision. With bfloat16 the Python reference runs twice per round, in float32 (the usual way)
    /// and with its fused model cast to bfloat16 (like for like).
    /// </summary>
    public Msmla.Models.Inference.InferencePrecision Precision { get; init; } = Msmla.Models.Inference.InferencePrecision.Float32;

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--dir" => s with { Directory = Next() },
                "--size" => s with { Size = Int() },
                "--rounds" => s with { Rounds = Int() },
                "--threads" => s with { Threads = Int() },
                "--batch" => s with { Batch = Int() },
                "--python-heap" => s with { PythonHeap = true },
                "--python" => s with { Python = Next() },
                "--memory-sizes" => s with
                {
                    MemorySizes = Next() is var v && v == "none" ? Array.Empty<int>() : v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
                },
                "--memory-python" => s with { MemoryPython = true },
                "--train-patches" => s with { TrainPatches = Int() },
                "--train-epochs" => s with { TrainEpochs = Int() },
                "--no-python" => s with { SkipPython = true },
                "--precision" => s with
                {
                    Precision = Next() switch
                    {
                        "float32" => Msmla.Models.Inference.InferencePrecision.Float32,
                        "bfloat16" => Msmla.Models.Inference.InferencePrecision.BFloat16,
                        var v => throw new ArgumentException($"--precision is float32 or bfloat16, not {v}."),
                    },
                },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }
        if (s.Size < 100 || s.MemorySizes.Any(m => m < 100)) throw new ArgumentException("Scene sizes must be at least 100 pixels.");
        if (s.Rounds < 1 || s.Threads < 1 || s.Batch < 1 || s.TrainPatches < 64 || s.TrainEpochs < 1)
            throw new ArgumentException("--rounds, --threads, --batch and --train-epochs must be positive, --train-patches at least 64.");
        return s;
    }
}
