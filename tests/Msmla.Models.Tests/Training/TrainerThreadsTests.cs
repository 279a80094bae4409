using System;
using System.Collections.Generic;
using Msmla.Core.Runtime;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// TrainerOptions.Threads: the count libtorch reports (torch.get_num_threads, read on the training thread from the
/// progress callback) during Fit, Resume and Evaluate, the count restored afterwards, and the option in JSON.
/// </summary>
[Collection(TrainerCollection.Name)]
public class TrainerThreadsTests
{
    [Fact]
    public void Fit_resume_and_evaluate_run_with_the_threads_asked_for_and_restore_the_previous_count()
    {
        TorchRuntime.EnsureLoaded();
        int original = get_num_threads();
        int wanted = original == 1 ? 2 : 1;
        using var directory = TestPaths.CreateTemporaryDirectory();
        using LczModel model = TinyTraining.Model();
        var trainer = new LczTrainer(model, TinyTraining.Options(epochs: 1, directory.Path) with { Threads = new TorchThreads { IntraOp = wanted } });

        var fit = new ThreadCountProbe();
        trainer.Fit(TinyTraining.Training(), TinyTraining.Validation(), fit);
        int afterFit = get_num_threads();
        var resumed = new ThreadCountProbe();
        new LczTrainer(model, trainer.Options with { Epochs = 2 }).Resume(directory.Path, TinyTraining.Training(), TinyTraining.Validation(), resumed);
        int afterResume = get_num_threads();
        var evaluated = new ThreadCountProbe();
        trainer.Evaluate(TinyTraining.Validation(), evaluated);

        Assert.NotEmpty(fit.Counts);
        Assert.All(fit.Counts, c => Assert.Equal(wanted, c));
        Assert.NotEmpty(resumed.Counts);
        Assert.All(resumed.Counts, c => Assert.Equal(wanted, c));
        Assert.NotEmpty(evaluated.Counts);
        Assert.All(evaluated.Counts, c => Assert.Equal(wanted, c));
        Assert.Equal(original, afterFit);
        Assert.Equal(original, afterResume);
        Assert.Equal(original, get_num_threads());
    }

    [Fact]
    public void The_threads_round_trip_through_json_and_bad_counts_are_refused_by_name()
    {
        var options = new TrainerOptions { Threads = new TorchThreads { IntraOp = 3, InterOp = 2 } };

        string json = options.ToJson();

        Assert.Equal(options, TrainerOptions.FromJson(json));
        Assert.Contains("\"IntraOp\": 3", json);
        Assert.Equal(TorchThreads.Automatic, TrainerOptions.FromJson("{ \"Epochs\": 2 }").Threads);
        ArgumentException e = Assert.Throws<ArgumentException>(() => (options with { Threads = new TorchThreads { IntraOp = 0 } }).Validate());
        Assert.Equal("IntraOp", e.ParamName);
        Assert.Throws<ArgumentException>(() => (options with { Threads = null! }).Validate());
    }

    /// <summary>Records torch.get_num_threads() on the thread that reports, which is the training thread.</summary>
    private sealed class ThreadCountProbe : IProgress<TrainingProgress>
    {
        public List<int> Counts { get; } = new();

        public void Report(TrainingProgress value) => Counts.Add(get_num_threads());
    }
}
