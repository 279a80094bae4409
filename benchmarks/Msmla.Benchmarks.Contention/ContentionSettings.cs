using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Msmla.Benchmarks.Contention;

/// <summary>One msmla executable to time, with environment variables of its own (for example a wait policy).</summary>
/// <param name="Label">The name in the table.</param>
/// <param name="Executable">The msmla (Msmla.Cli) executable.</param>
/// <param name="Environment">Variables set for its runs.</param>
internal sealed record Variant(string Label, string Executable, IReadOnlyDictionary<string, string> Environment);

/// <summary>Command-line settings of the contention benchmark.</summary>
internal sealed record ContentionSettings
{
    public IReadOnlyList<Variant> Variants { get; init; } = Array.Empty<Variant>();

    public IReadOnlyList<int> Competitors { get; init; } = new[] { 0, 1, 2 };

    public int Rounds { get; init; } = 3;

    public int Epochs { get; init; } = 2;

    public int TrainPatches { get; init; } = 640;

    public string WorkDirectory { get; init; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "msmla-contention");

    public const string Usage =
        "Usage: Msmla.Benchmarks.Contention --variant <label>=<msmla executable>[;VAR=value...] (twice or more; the label has no =) " +
        "[--competitors 0,1,2] [--rounds R] [--epochs E] [--train-patches N] [--dir <work directory>]";

    public static ContentionSettings Parse(string[] args)
    {
        var settings = new ContentionSettings();
        var variants = new List<Variant>();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            settings = args[i] switch
            {
                "--variant" => settings,
                "--competitors" => settings with { Competitors = value.Split(',').Select(v => Count(args[i], v, minimum: 0)).ToArray() },
                "--rounds" => settings with { Rounds = Count(args[i], value, minimum: 1) },
                "--epochs" => settings with { Epochs = Count(args[i], value, minimum: 2) },
                "--train-patches" => settings with { TrainPatches = Count(args[i], value, minimum: 32) },
                "--dir" => settings with { WorkDirectory = System.IO.Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
            if (args[i] == "--variant") variants.Add(ParseVariant(value));
            i++;
        }
        if (variants.Count == 0) throw new ArgumentException($"Give at least one --variant. {Usage}");
        return settings with { Variants = variants };
    }

    private static Variant ParseVariant(string text)
    {
        int eq = text.IndexOf('=');
        if (eq < 1) throw new ArgumentException($"--variant is <label>=<executable>[;VAR=value...], not '{text}'. {Usage}");
        string[] parts = text[(eq + 1)..].Split(';');
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string assignment in parts.Skip(1))
        {
            int sep = assignment.IndexOf('=');
            if (sep < 1) throw new ArgumentException($"'{assignment}' in --variant is not VAR=value. {Usage}");
            environment[assignment[..sep]] = assignment[(sep + 1)..];
        }
        if (!System.IO.File.Exists(parts[0])) throw new ArgumentException($"The executable {parts[0]} of --variant {text[..eq]} does not exist.");
        return new Variant(text[..eq], System.IO.Path.GetFullPath(parts[0]), environment);
    }

    private static int Count(string option, string value, int minimum) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= minimum
            ? n
            : throw new ArgumentException($"{option} takes whole numbers of at least {minimum}, not '{value}'. {Usage}");
}
