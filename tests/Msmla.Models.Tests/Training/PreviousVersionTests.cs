using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// Files written by the previous version (commit 883b67a, before callbacks and per-kind option records): its recipes and
/// trainer options still load, and its version 1 checkpoint resumes exactly as that version's own uninterrupted run.
/// The files in PreviousVersion/ were written by that version's code (recipes with <c>ToJson</c>, options with <c>Save</c>,
/// checkpoints by <c>LczTrainer.Fit</c> on the synthetic sample of <see cref="TinyTraining"/>).
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class PreviousVersionTests
{
    private static string File(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "Msmla.Models.Tests", "Training", "PreviousVersion", name);

    [Fact]
    public void Its_recipes_load_as_the_same_recipes()
    {
        foreach (TrainingRecipe recipe in TrainingRecipes.All)
            Assert.Equal(recipe, TrainingRecipe.FromJson(System.IO.File.ReadAllText(File($"recipe-{recipe.Name}.json"))));
    }

    [Fact]
    public void Its_trainer_options_load_and_a_changed_field_of_another_kind_is_refused()
    {
        TrainerOptions options = TrainerOptions.Load(File("trainer-options-sgd-cosine.json"));
        Assert.Equal(new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 }, options.Optimizer);
        Assert.Equal(LearningRateScheduleOptions.Cosine(20, 1e-5), options.Schedule);
        Assert.Equal(new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationMacroF1, Patience = 9, MinDelta = 0.001 }, options.EarlyStopping);

        // The previous version wrote every field and ignored those of other kinds; one it ignored with a value of its own
        // is now an error rather than silently dropped.
        string edited = System.IO.File.ReadAllText(File("trainer-options-sgd-cosine.json")).Replace("\"Beta1\": 0.9", "\"Beta1\": 0.8");
        JsonException e = Assert.Throws<JsonException>(() => TrainerOptions.FromJson(edited));
        Assert.Contains("'Beta1' is not a field of the Sgd optimizer", e.Message);
        Assert.Contains("previous version", e.Message);
    }

    [Fact]
    public void Its_version_1_checkpoint_resumes_as_its_own_uninterrupted_run()
    {
        // Nadam, reduce-on-plateau on the training loss (it reduced after epoch 2, in the checkpoint's schedule state) and
        // early stopping (its tracker in the run state): 2 epochs done, resumed to 5.
        TrainingCheckpointInfo info = LczTrainer.ReadCheckpoint(File("v1-after-2-epochs.ckpt"));
        Assert.Equal((2, 0), (info.CompletedEpochs, info.BatchesDone));
        Assert.IsType<ReduceOnPlateauSchedule>(info.Options.Schedule);
        using var directory = TinyTraining.Directory();
        using LczModel model = LczModels.Create(info.Architecture, info.ModelOptions);
        TrainerOptions options = info.Options with { Epochs = 5, Checkpoint = info.Options.Checkpoint! with { Directory = directory.Path } };
        TrainingHistory resumed = new LczTrainer(model, options).Resume(info.Path, TinyTraining.Training(), TinyTraining.Validation());

        TrainingHistory theirs = TrainingHistory.ReadJson(File("v1-straight-history.json"));
        Assert.Equal(theirs.Epochs.Select(TinyTraining.WithoutTimings), resumed.Epochs.Select(TinyTraining.WithoutTimings));
        Assert.Equal((theirs.StopReason, theirs.BestEpoch), (resumed.StopReason, resumed.BestEpoch));
        using LczModel straight = LczModels.Create(info.Architecture, info.ModelOptions);
        LczTrainer.LoadWeights(File("v1-straight-5-epochs.ckpt"), straight);
        Assert.Equal(TinyTraining.State(straight), TinyTraining.State(model));
    }
}
