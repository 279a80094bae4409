using System.Collections.Generic;
using System.Text.Json;
using Msmla.Models.Training;

namespace Msmla.Models.Tests.Training;

/// <summary>Optimizer and schedule options: one record type per kind, JSON with a "Kind" and only the kind's fields.</summary>
public sealed class PolymorphicOptionsJsonTests
{
    public static TheoryData<OptimizerOptions> Optimizers => new()
    {
        new AdamOptions { LearningRate = 0.003, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6, WeightDecay = 1e-4, AmsGrad = true },
        new NadamOptions { LearningRate = 0.002, MomentumDecay = 0.005 },
        new AdamWOptions { WeightDecay = 0.05 },
        new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true },
    };

    public static TheoryData<LearningRateScheduleOptions> Schedules => new()
    {
        LearningRateScheduleOptions.Constant(),
        LearningRateScheduleOptions.KerasInverseTimeDecay(0.004),
        LearningRateScheduleOptions.StepDecay(0.5, 5),
        LearningRateScheduleOptions.ReduceOnPlateau(0.2, 3, TrainingMonitor.Logged("score", MonitorMode.Max), 1e-3, 2, 1e-6),
        LearningRateScheduleOptions.Cosine(20, 1e-5),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_optimizer_round_trips_with_its_kind_first_and_only_its_fields(OptimizerOptions options)
    {
        string json = JsonSerializer.Serialize(options);
        Assert.StartsWith($"{{\"Kind\":\"{options.Kind}\",", json);
        Assert.Equal(options, JsonSerializer.Deserialize<OptimizerOptions>(json));
        Assert.Equal(options, TrainerOptions.FromJson(new TrainerOptions { Optimizer = options }.ToJson()).Optimizer);
        using JsonDocument document = JsonDocument.Parse(json);
        var names = new List<string>();
        foreach (JsonProperty p in document.RootElement.EnumerateObject()) names.Add(p.Name);
        string[] expected = options switch
        {
            AdamOptions or AdamWOptions => new[] { "Kind", "LearningRate", "WeightDecay", "Beta1", "Beta2", "Epsilon", "AmsGrad" },
            NadamOptions => new[] { "Kind", "LearningRate", "WeightDecay", "Beta1", "Beta2", "Epsilon", "MomentumDecay" },
            _ => new[] { "Kind", "LearningRate", "WeightDecay", "Momentum", "Nesterov" },
        };
        Assert.Equal(new SortedSet<string>(expected), new SortedSet<string>(names));
    }

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Every_schedule_round_trips_with_its_kind(LearningRateScheduleOptions schedule)
    {
        string json = JsonSerializer.Serialize(schedule);
        Assert.StartsWith($"{{\"Kind\":\"{schedule.Kind}\"", json);
        Assert.Equal(schedule, JsonSerializer.Deserialize<LearningRateScheduleOptions>(json));
        Assert.Equal(schedule, TrainerOptions.FromJson(new TrainerOptions { Schedule = schedule }.ToJson()).Schedule);
    }

    [Fact]
    public void A_field_of_another_kind_is_an_error_naming_it_and_the_kinds_fields()
    {
        JsonException adam = Assert.Throws<JsonException>(() => TrainerOptions.FromJson("{ \"Optimizer\": { \"Kind\": \"Adam\", \"Momentum\": 0.9 } }"));
        Assert.Contains("'Momentum' is not a field of the Adam optimizer (its fields: ", adam.Message);
        Assert.Contains("AmsGrad", adam.Message);
        Assert.Equal("$.Optimizer", adam.Path);
        JsonException step = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LearningRateScheduleOptions>("{ \"Kind\": \"StepDecay\", \"Patience\": 3 }"));
        Assert.Contains("'Patience' is not a field of the StepDecay learning-rate schedule", step.Message);
        Assert.Contains("'Sgdd' is not a kind of optimizer; the kinds are Adam, Nadam, AdamW, Sgd",
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OptimizerOptions>("{ \"Kind\": \"Sgdd\" }")).Message);
        Assert.Contains("needs one \"Kind\"", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OptimizerOptions>("{ \"LearningRate\": 0.1 }")).Message);
        Assert.Contains("The Sgd optimizer is not valid", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OptimizerOptions>("{ \"Kind\": \"Sgd\", \"Momentum\": \"high\" }")).Message);
    }

    [Fact]
    public void Hand_written_files_may_put_the_kind_anywhere_in_any_case()
    {
        var read = JsonSerializer.Deserialize<OptimizerOptions>("{ \"momentum\": 0.5, \"kind\": \"sgd\" }", new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        Assert.Equal(new SgdOptions { Momentum = 0.5 }, read);
        Assert.Equal(new CosineSchedule(), TrainerOptions.FromJson("{ \"schedule\": { \"KIND\": \"Cosine\" } }").Schedule);
    }
}
