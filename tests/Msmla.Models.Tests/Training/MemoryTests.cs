using System;
using System.Collections.Generic;
using System.Diagnostics;
using Msmla.Models.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace Msmla.Models.Tests.Training;

/// <summary>Memory stays flat over epochs: no tensor outlives its step, and managed and native memory stop growing.</summary>
[Collection(TrainerCollection.Name)]
public sealed class MemoryTests
{
    private readonly ITestOutputHelper _output;

    public MemoryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Tensors_managed_and_native_memory_are_flat_from_epoch_2_to_epoch_7()
    {
        using var directory = TinyTraining.Directory();
        var samples = new Dictionary<int, (long Tensors, long Managed, long Resident)>();
        var progress = new TinyTraining.SyncProgress<TrainingProgress>(p =>
        {
            if (p is not EpochEndProgress end) return;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            samples[end.Epoch] = (DisposeScopeManager.Statistics.ThreadTotalLiveCount, GC.GetTotalMemory(true), process.WorkingSet64);
        });
        using LczModel model = TinyTraining.Model();
        // Checkpoints every epoch and every 4 batches, so their writing is measured too.
        TrainerOptions options = TinyTraining.Options(7, directory.Path) with
        {
            Checkpoint = new CheckpointOptions { Directory = directory.Path, LastEveryBatches = 4, KeepEpochs = 1 },
        };
        new LczTrainer(model, options).Fit(TinyTraining.Training(count: 136), TinyTraining.Validation(), progress);
        foreach (var (epoch, s) in samples) _output.WriteLine($"epoch {epoch}: {s.Tensors} live tensors, {s.Managed / 1024} KiB managed, {s.Resident / 1024 / 1024} MiB resident");

        Assert.Equal(samples[2].Tensors, samples[7].Tensors);
        Assert.True(samples[7].Managed - samples[2].Managed < 2 * 1024 * 1024, "managed memory grew by more than 2 MiB");
        Assert.True(samples[7].Resident - samples[2].Resident < 48 * 1024 * 1024, "resident memory grew by more than 48 MiB");
    }
}
