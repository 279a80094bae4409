using System;
using System.Collections.Generic;
using Msmla.Core.Runtime;
using Msmla.Models.Inference;
using Msmla.Models.Tests.Training;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Inference;

/// <summary>
/// PredictionOptions.Threads: the count libtorch reports during a prediction (read on the predicting thread from the
/// progress callback), the count restored afterwards, and the refusal of bad counts. Runs with the trainer tests
/// because it changes libtorch's process-wide thread count.
/// </summary>
[Collection(TrainerCollection.Name)]
public class PredictorThreadsTests
{
    [Fact]
    public void A_prediction_runs_with_the_threads_asked_for_and_restores_the_previous_count()
    {
        TorchRuntime.EnsureLoaded();
        int original = get_num_threads();
        int wanted = original == 1 ? 2 : 1;
        using LczModel model = TinyTraining.Model();
        using var predictor = new LczPredictor(model, new PredictionOptions { Device = ComputeDevice.Cpu, BatchSize = 8, Threads = new TorchThreads { IntraOp = wanted } });
        var probe = new ThreadCountProbe();

        PredictionResult result = predictor.Predict(TinyTraining.Validation(), probe);

        Assert.Equal(34, result.Count);
        Assert.Equal(5, probe.Counts.Count);
        Assert.All(probe.Counts, c => Assert.Equal(wanted, c));
        Assert.Equal(original, get_num_threads());
    }

    [Fact]
    public void Bad_thread_counts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PredictionOptions { Threads = new TorchThreads { InterOp = 0 } }.Validate());
        Assert.Throws<ArgumentNullException>(() => new PredictionOptions { Threads = null! }.Validate());
    }

    /// <summary>Records torch.get_num_threads() on the thread that reports, which is the predicting thread.</summary>
    private sealed class ThreadCountProbe : IProgress<long>
    {
        public List<int> Counts { get; } = new();

        public void Report(long value) => Counts.Add(get_num_threads());
    }
}
