using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Models;

namespace Msmla.Benchmarks.Models;

/// <summary>Command-line settings of the model benchmark.</summary>
internal sealed record BenchmarkSettings
{
    public IReadOnlyList<LczArchitecture> Architectures { get; init; } = Enum.GetValues<LczArchitecture>();

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Rounds { get; init; } = 3;

    public int TrainBatch { get; init; } = 32;

    public int TrainWarmup { get; init; } = 2;

    public int TrainSteps { get; init; } = 8;

    public int InferBatch { get; init; } = 256;

    public int InferWarmup { get; init; } = 1;

    public int InferBatches { get; init; } = 3;

    public int PatchSize { get; init; } = 32;

    public int Bands { get; init; } = 10;

    public string? Python { get; init; }

    public string? MarkdownPath { get; init; }

    public bool SkipPyTorch { get; init; }

    /// <summary>
    /// Time with process CPU time instead of wall time: with one thread it measures the work itself and is
    /// little affected by other processes sharing the cores (with more threads it also counts idle spinning).
    /// </summary>
    public bool CpuClock { get; init; }

    /// <summary>Instead of throughput, time the phases of a training step (zero_grad, forward, backward, Adam) on both sides.</summary>
    public bool Phases { get; init; }

    /// <summary>Instead of the layout table, compare float32 with bfloat16 (inference precision, mixed-precision training) on both sides.</summary>
    public bool Precision { get; init; }

    /// <summary>Instead of speed, train every model in float32 and bf16-mixed and compare bfloat16 labels with float32 labels.</summary>
    public bool Agreement { get; init; }

    /// <summary>The layout of <see cref="Phases"/>: channels-last (the trainer's CPU default) unless --layout nchw.</summary>
    public bool PhasesChannelsLast { get; init; } = true;

    public const string Usage =
        "Usage: Msmla.Benchmarks.Models [--models Msmla18,Msmla50,...] [--threads N] [--rounds N] [--train-steps N] " +
        "[--infer-batches N] [--python PATH] [--markdown FILE] [--no-pytorch] [--clock wall|cpu] [--phases [--layout cl|nchw]] [--precision] [--agreement]";

    /// <summary>The options of <paramref name="architecture"/> for this run's bands and patch size (its own defaults otherwise, seed 1).</summary>
    public LczModelOptions ModelOptions(LczArchitecture architecture)
    {
        using LczModel probe = LczModels.Create(architecture, new LczModelOptions { Bands = Bands, PatchSize = PatchSize, Seed = 1 });
        return probe.Options;
    }

    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = new BenchmarkSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--models" => settings with { Architectures = Next().Split(',').Select(m => Enum.Parse<LczArchitecture>(m, ignoreCase: true)).ToArray() },
                "--threads" => settings with { Threads = NextInt() },
                "--rounds" => settings with { Rounds = NextInt() },
                "--train-steps" => settings with { TrainSteps = NextInt() },
                "--infer-batches" => settings with { InferBatches = NextInt() },
                "--python" => settings with { Python = Next() },
                "--markdown" => settings with { MarkdownPath = Next() },
                "--no-pytorch" => settings with { SkipPyTorch = true },
                "--phases" => settings with { Phases = true },
                "--precision" => settings with { Precision = true },
                "--agreement" => settings with { Agreement = true },
                "--layout" => settings with { PhasesChannelsLast = Next() switch { "cl" => true, "nchw" => false, var l => throw new ArgumentException($"--layout is cl or nchw, not {l}.") } },
                "--clock" => settings with { CpuClock = Next() switch { "cpu" => true, "wall" => false, var c => throw new ArgumentException($"--clock is wall or cpu, not {c}.") } },
                _ => throw new ArgumentException($"Unknown argument {args[i]}. {Usage}"),
            };
        }
        return settings;
    }
}
