using System;
using System.Text.Json;
using Msmla.Models;

namespace Msmla.Models.Tests;

public class LczModelOptionsTests
{
    [Fact]
    public void Round_trips_through_System_Text_Json_with_every_option()
    {
        var options = new LczModelOptions
        {
            Bands = 13, Classes = 5, PatchSize = 48, StageWidths = new[] { 16, 32, 48 }, StageDepths = new[] { 2, 3, 4 },
            SeRatio = 4, CbamRatio = 4, CbamKernelSize = 5, Cbam = CbamVariant.Textbook, DropoutRate = 0.25, DenseUnits = 64,
            BatchNormEpsilon = 1e-5, BatchNormMomentum = 0.9, Seed = 42,
        };
        string json = JsonSerializer.Serialize(options);
        Assert.Contains("\"Cbam\":\"Textbook\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchBatchNormMomentum", json, StringComparison.Ordinal);
        LczModelOptions? back = JsonSerializer.Deserialize<LczModelOptions>(json);
        Assert.Equal(options, back);
        Assert.Equal(options.GetHashCode(), back!.GetHashCode());
        Assert.NotSame(options.StageWidths, back.StageWidths);
    }

    [Fact]
    public void Resolved_options_of_a_model_round_trip_and_rebuild_the_same_layout()
    {
        using LczModel model = LczModels.Create(LczArchitecture.Msmla50);
        LczModelOptions back = JsonSerializer.Deserialize<LczModelOptions>(JsonSerializer.Serialize(model.Options))!;
        Assert.Equal(model.Options, back);
        Assert.Equal(new[] { 16, 32, 64 }, back.StageWidths);
        Assert.Equal(new[] { 3, 4, 6 }, back.StageDepths);
        using LczModel rebuilt = LczModels.Create(LczArchitecture.Msmla50, back);
        Assert.Equal(model.CountParameters(), rebuilt.CountParameters());
    }

    [Fact]
    public void Equality_compares_stage_arrays_by_value()
    {
        var a = new LczModelOptions { StageWidths = new[] { 16, 32, 64 } };
        var b = new LczModelOptions { StageWidths = new[] { 16, 32, 64 } };
        var c = new LczModelOptions { StageWidths = new[] { 16, 32, 48 } };
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, a with { Seed = 1 });
        Assert.Contains("StageWidths = [16, 32, 64]", a.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18, 8, 0.0, new[] { 16, 32, 64 }, new[] { 2, 2, 2 })]
    [InlineData(LczArchitecture.Msmla50, 8, 0.0, new[] { 16, 32, 64 }, new[] { 3, 4, 6 })]
    [InlineData(LczArchitecture.Sen2LczNetMf, null, 0.2, new[] { 16, 32, 64, 128 }, new[] { 4, 4, 4, 4 })]
    [InlineData(LczArchitecture.RosentreterCnn, null, 0.0, new[] { 16, 32, 64, 128 }, new[] { 1, 1, 1, 1 })]
    [InlineData(LczArchitecture.LczNet, 16, 0.0, new[] { 64, 128, 256 }, new[] { 2, 2, 2 })]
    public void Resolve_fills_the_published_values(LczArchitecture architecture, int? seRatio, double dropout, int[] widths, int[] depths)
    {
        LczModelOptions resolved = new LczModelOptions().ResolveFor(architecture);
        Assert.Equal(seRatio, resolved.SeRatio);
        Assert.Equal(dropout, resolved.DropoutRate);
        Assert.Equal(widths, resolved.StageWidths);
        Assert.Equal(depths, resolved.StageDepths);
        Assert.Equal(1e-3, resolved.BatchNormEpsilon);
        Assert.Equal(0.01, resolved.TorchBatchNormMomentum, 12);
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18, "Bands", "must be at least 1")]
    [InlineData(LczArchitecture.Sen2LczNet, "Classes", "must be at least 2")]
    [InlineData(LczArchitecture.RosentreterCnn, "PatchSize", "must be at least 16")]
    [InlineData(LczArchitecture.Sen2LczNetMf, "PatchSize", "must be at least 8")]
    [InlineData(LczArchitecture.Msmla18, "StageDepths", "give one depth per stage")]
    [InlineData(LczArchitecture.Msmla18, "SeRatio", "leaves no hidden unit")]
    [InlineData(LczArchitecture.Msmla18, "CbamRatio", "leaves no hidden unit")]
    [InlineData(LczArchitecture.Msmla18, "CbamKernelSize", "positive odd number")]
    [InlineData(LczArchitecture.Sen2LczNet, "DropoutRate", "must be in [0, 1)")]
    [InlineData(LczArchitecture.LczNet, "BatchNormMomentum", "Keras sense")]
    [InlineData(LczArchitecture.LczNet, "StageWidths", "at least one stage")]
    public void Invalid_options_fail_with_a_message_naming_the_option(LczArchitecture architecture, string option, string problem)
    {
        LczModelOptions options = option switch
        {
            "Bands" => new LczModelOptions { Bands = 0 },
            "Classes" => new LczModelOptions { Classes = 1 },
            "PatchSize" => new LczModelOptions { PatchSize = architecture == LczArchitecture.RosentreterCnn ? 15 : 7 },
            "StageDepths" => new LczModelOptions { StageDepths = new[] { 2, 2 } },
            "SeRatio" => new LczModelOptions { SeRatio = 32 },
            "CbamRatio" => new LczModelOptions { CbamRatio = 32 },
            "CbamKernelSize" => new LczModelOptions { CbamKernelSize = 4 },
            "DropoutRate" => new LczModelOptions { DropoutRate = 1.0 },
            "BatchNormMomentum" => new LczModelOptions { BatchNormMomentum = 1.5 },
            "StageWidths" => new LczModelOptions { StageWidths = Array.Empty<int>(), StageDepths = Array.Empty<int>() },
            _ => throw new ArgumentOutOfRangeException(nameof(option)),
        };
        var error = Assert.Throws<ArgumentException>(() => LczModels.Create(architecture, options));
        Assert.Equal(option, error.ParamName);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(LczModels.Describe(architecture).Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cnn_patch_size_error_explains_the_flatten()
    {
        var error = Assert.Throws<ArgumentException>(() => LczModels.CreateRosentreterCnn(new LczModelOptions { PatchSize = 8 }));
        Assert.Contains("max-pools must leave at least one pixel to flatten", error.Message, StringComparison.Ordinal);
    }
}
