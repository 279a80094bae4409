using System;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Models.Training;

namespace Msmla.Models.Tests.Training;

/// <summary>Options records round-trip through System.Text.Json with enums as strings, and bad values are refused by name.</summary>
public sealed class TrainerOptionsTests
{
    private static readonly TrainerOptions Everything = new()
    {
        Epochs = 7,
        BatchSize = 48,
        ValidationBatchSize = 512,
        Shuffle = false,
        DropLast = true,
        Prefetch = 4,
        Seed = 1234,
        Device = ComputeDevice.Cpu,
        AllowTf32 = true,
        ChannelsLast = false,
        Optimizer = new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
        Schedule = LearningRateScheduleOptions.ReduceOnPlateau(0.2, 3, TrainingMonitor.ValidationKappa, 1e-3, 2, 1e-6),
        Loss = new LossOptions { ClassWeights = new[] { 0.5f, 1f, 2.25f }, WeightReduction = ClassWeightReduction.KerasSampleWeights, LabelSmoothing = 0.1 },
        EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationMacroF1, Patience = 9, MinDelta = 0.001, RestoreBestWeights = true },
        Checkpoint = new CheckpointOptions { Directory = "runs/a", BestMonitor = TrainingMonitor.ValidationAccuracy, KeepEpochs = 3, LastEveryBatches = 100, SaveBest = false },
        GradientClipNorm = 5.0,
        ProgressEveryBatches = 3,
        LogEveryBatches = 50,
    };

    [Fact]
    public void Every_option_round_trips_with_enums_as_strings()
    {
        string json = Everything.ToJson();
        Assert.Equal(Everything, TrainerOptions.FromJson(json));
        foreach (string text in new[] { "\"Sgd\"", "\"Cpu\"", "\"ReduceOnPlateau\"", "\"ValidationKappa\"", "\"KerasSampleWeights\"", "\"ValidationMacroF1\"", "\"ValidationAccuracy\"" })
            Assert.Contains(text, json);
        // Plain System.Text.Json without our settings gives the same strings (the enums carry their converters).
        string plain = JsonSerializer.Serialize(Everything);
        Assert.Contains("\"Device\":\"Cpu\"", plain);
        Assert.Equal(Everything, JsonSerializer.Deserialize<TrainerOptions>(plain));
    }

    [Fact]
    public void Class_weights_compare_by_value()
    {
        TrainerOptions copy = TrainerOptions.FromJson(Everything.ToJson());
        Assert.NotSame(Everything.Loss.ClassWeights, copy.Loss.ClassWeights);
        Assert.Equal(Everything.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(Everything, copy with { Loss = copy.Loss with { ClassWeights = new[] { 0.5f, 1f, 2.5f } } });
    }

    [Fact]
    public void Options_files_round_trip_and_bad_files_are_named()
    {
        using var directory = TinyTraining.Directory();
        string path = directory.File("options.json");
        Everything.Save(path);
        Assert.Equal(Everything, TrainerOptions.Load(path));
        System.IO.File.WriteAllText(path, "{ \"Epochs\": \"many\" }");
        JsonException e = Assert.Throws<JsonException>(() => TrainerOptions.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Unknown_properties_are_refused_naming_them_and_their_path()
    {
        JsonException typo = Assert.Throws<JsonException>(() => TrainerOptions.FromJson("{ \"Epochs\": 3, \"BatchSise\": 8 }"));
        Assert.Contains("BatchSise", typo.Message);
        JsonException nested = Assert.Throws<JsonException>(() => TrainerOptions.FromJson("{ \"Optimizer\": { \"Kind\": \"Adam\", \"LearningRat\": 0.1 } }"));
        Assert.Contains("'LearningRat' is not a field of the Adam optimizer", nested.Message);
        Assert.Equal("$.Optimizer", nested.Path);

        using var directory = TinyTraining.Directory();
        string path = directory.File("typo.json");
        System.IO.File.WriteAllText(path, "{ \"Loss\": { \"LabelSmothing\": 0.1 } }");
        JsonException file = Assert.Throws<JsonException>(() => TrainerOptions.Load(path));
        Assert.Contains(path, file.Message);
        Assert.Contains("LabelSmothing", file.Message);
        Assert.Contains("at $.Loss.LabelSmothing", file.Message);
        Assert.Equal("$.Loss.LabelSmothing", file.Path);

        JsonException recipe = Assert.Throws<JsonException>(() => TrainingRecipe.FromJson("{ \"Name\": \"x\", \"Description\": \"y\", \"Trainer\": {}, \"Flipz\": true }"));
        Assert.Contains("Flipz", recipe.Message);
    }

    [Fact]
    public void Hand_written_options_may_use_any_case_comments_and_trailing_commas()
    {
        TrainerOptions read = TrainerOptions.FromJson("{\n  // a short run\n  \"epochs\": 3,\n  \"batchSize\": 8,\n  \"optimizer\": { \"kind\": \"Sgd\", },\n}");
        Assert.Equal((3, 8), (read.Epochs, read.BatchSize));
        Assert.Equal(new SgdOptions(), read.Optimizer);
        Assert.Equal(new TrainerOptions().Seed, read.Seed);
    }

    [Fact]
    public void Every_recipe_round_trips_through_its_own_json_including_the_computed_members()
    {
        foreach (TrainingRecipe recipe in TrainingRecipes.All)
        {
            string json = recipe.ToJson();
            Assert.Equal(recipe, TrainingRecipe.FromJson(json));
        }
    }

    [Fact]
    public void Every_recipe_round_trips_and_says_what_it_is()
    {
        foreach (TrainingRecipe recipe in TrainingRecipes.All)
        {
            string json = JsonSerializer.Serialize(recipe);
            Assert.Equal(recipe, JsonSerializer.Deserialize<TrainingRecipe>(json));
            Assert.Equal(recipe, TrainingRecipes.Get(recipe.Name.ToUpperInvariant()));
            recipe.Trainer.Validate();
        }
        Assert.Contains("known: msmla-as-described", Assert.Throws<ArgumentException>(() => TrainingRecipes.Get("keras")).Message);
    }

    [Fact]
    public void The_recipes_hold_the_published_settings()
    {
        TrainerOptions described = TrainingRecipes.MsmlaAsDescribed().Trainer;
        Assert.Equal(new AdamOptions { LearningRate = 0.002, Epsilon = 1e-7 }, described.Optimizer);
        Assert.Equal(new KerasInverseTimeDecaySchedule { Decay = 0.004 }, described.Schedule);
        Assert.Equal((TrainingMonitor.ValidationLoss, 15), (described.EarlyStopping!.Monitor, described.EarlyStopping.Patience));
        Assert.Equal((32, 100), (described.BatchSize, described.Epochs));

        TrainingRecipe released = TrainingRecipes.MsmlaAsReleased();
        Assert.IsType<NadamOptions>(released.Trainer.Optimizer);
        Assert.IsType<StepDecaySchedule>(released.Trainer.Schedule);
        // The released script: flips and +-90 degree rotations, Keras' ImageDataGenerator fill (nearest).
        Assert.Equal(new AugmentationOptions { HorizontalFlip = true, VerticalFlip = true, MaxRotationDegrees = 90, Border = BorderMode.Nearest }, released.Augmentation);
        Assert.Null(TrainingRecipes.MsmlaAsDescribed().Augmentation);
        Assert.True(released.Trainer.Loss.BalancedClassWeights);
        Assert.Equal(TrainingMonitor.ValidationAccuracy, released.Trainer.Checkpoint!.BestMonitor);
        Assert.Contains("ASSUMED", released.Description);

        TrainerOptions sen2 = TrainingRecipes.Sen2LczNet().Trainer;
        Assert.Equal(new NadamOptions { LearningRate = 0.002, Epsilon = 1e-7, MomentumDecay = 0.004 }, sen2.Optimizer);
        Assert.Equal(new StepDecaySchedule { Factor = 0.5, StepEpochs = 5 }, sen2.Schedule);
        Assert.Equal(40, sen2.EarlyStopping!.Patience);

        TrainerOptions adamw = TrainingRecipes.AdamWPlateau().Trainer;
        Assert.Equal(new AdamWOptions { LearningRate = 1e-3, WeightDecay = 0.01, Epsilon = 1e-8 }, adamw.Optimizer);
        Assert.Equal(new ReduceOnPlateauSchedule { Factor = 0.1, Patience = 10 }, adamw.Schedule);
        Assert.Same(TrainingRecipes.For(LczArchitecture.Sen2LczNetMf).Name, TrainingRecipes.Sen2LczNet().Name);
    }

    [Fact]
    public void Bad_values_are_refused_naming_the_option()
    {
        Assert.Contains("Epochs", Assert.Throws<ArgumentException>(() => new TrainerOptions { Epochs = 0 }.Validate()).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => (new TrainerOptions { Optimizer = new AdamOptions { LearningRate = double.NaN } }).Validate()).Message);
        Assert.Contains("Invalid Nadam optimizer option MomentumDecay", Assert.Throws<ArgumentException>(() => new NadamOptions { MomentumDecay = -1 }.Validate()).Message);
        Assert.Contains("Invalid ReduceOnPlateau learning-rate schedule option Factor", Assert.Throws<ArgumentException>(() => new ReduceOnPlateauSchedule { Factor = 1 }.Validate()).Message);
        Assert.Contains("StepEpochs", Assert.Throws<ArgumentException>(() => new TrainerOptions { Schedule = LearningRateScheduleOptions.StepDecay(0.5, 0) }.Validate()).Message);
        Assert.Contains("LabelSmoothing", Assert.Throws<ArgumentException>(() => new TrainerOptions { Loss = new LossOptions { LabelSmoothing = 1 } }.Validate()).Message);
        Assert.Contains("Patience", Assert.Throws<ArgumentException>(() => new TrainerOptions { EarlyStopping = new EarlyStoppingOptions { Patience = 0 } }.Validate()).Message);
        Assert.Contains("class 1", Assert.Throws<ArgumentException>(() => new LossOptions { ClassWeights = new[] { 1f, -1f } }.Validate()).Message);
        Assert.Contains("GradientClipNorm", Assert.Throws<ArgumentException>(() => new TrainerOptions { GradientClipNorm = 0 }.Validate()).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => OptimizerOptions.Sgd(0.1, 0, nesterov: true).Validate()).Message);
    }
}
