using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Models;

namespace Msmla.Benchmarks.Training;

/// <summary>Command-line settings of the trainer benchmark.</summary>
internal sealed record BenchSettings
{
    public int Patches { get; init; } = 1024;

    public int PatchSize { get; init; } = 32;

    public int BatchSize { get; init; } = 32;

    public int Rounds { get; init; } = 5;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public bool ChannelsLast { get; init; }

    public IReadOnlyList<LczArchitecture> Architectures { get; init; } = new[] { LczArchitecture.Msmla18, LczArchitecture.Sen2LczNetMf };

    public const string Usage =
        "Usage: Msmla.Benchmarks.Training [--patches N] [--patch-size S] [--batch B] [--rounds R] [--threads T] [--layout cl|nchw] [--models msmla18,sen2lcznetmf,...]";

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            settings = args[i] switch
            {
                "--patches" => settings with { Patches = Positive(args[i], value) },
                "--patch-size" => settings with { PatchSize = Positive(args[i], value) },
                "--batch" => settings with { BatchSize = Positive(args[i], value) },
                "--rounds" => settings with { Rounds = Positive(args[i], value) },
                "--threads" => settings with { Threads = Positive(args[i], value) },
                "--layout" => settings with
                {
                    ChannelsLast = value switch { "cl" => true, "nchw" => false, _ => throw new ArgumentException($"--layout is cl or nchw, not '{value}'. {Usage}") },
                },
                "--models" => settings with
                {
                    Architectures = value.Split(',', StringSplitOptions.RemoveEmptyEntries)
                        .Select(name => Enum.TryParse(name, ignoreCase: true, out LczArchitecture a) ? a : throw new ArgumentException($"Unknown model '{name}'. {Usage}"))
                        .ToArray(),
                },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
            i++;
        }
        return settings;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{option} needs a positive integer, not '{value}'. {Usage}");
}
