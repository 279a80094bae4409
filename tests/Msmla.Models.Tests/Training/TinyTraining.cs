using System;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Runtime;
using Msmla.Data.Synthetic;
using Msmla.Models.Training;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>A very small model and sample for trainer behaviour tests (a run of a few epochs takes well under a second).</summary>
internal static class TinyTraining
{
    /// <summary>Sen2LCZ-Net with one 4-to-8-channel convolution per block on 8 x 8 patches: dropout 0.2 exercises the generator.</summary>
    public static LczModel Model(long seed = 3, double? dropout = null, LczArchitecture architecture = LczArchitecture.Sen2LczNet) =>
        LczModels.Create(architecture, new LczModelOptions
        {
            PatchSize = 8, StageWidths = new[] { 4, 8, 8, 8 }, StageDepths = new[] { 1, 1, 1, 1 }, Seed = seed, DropoutRate = dropout,
        });

    /// <summary>The synthetic LCZ sample of Msmla.Data in 8 x 8 patches.</summary>
    public static SyntheticLczOptions Sample { get; } = new() { Seed = 7, PatchSize = 8 };

    /// <summary>Patches 0 to <paramref name="count"/> - 1 of the sample (68 by default: 9 batches of 8).</summary>
    public static ArrayPatchSource Training(int count = 68) => SyntheticLczSample.CreateSource(Sample, count);

    /// <summary>34 other patches of the sample (5 batches of 8).</summary>
    public static ArrayPatchSource Validation() => SyntheticLczSample.CreateSource(Sample, 34, firstIndex: 1000);

    /// <summary>CPU, batch 8 (9 training batches per epoch), Nadam, progress after every batch.</summary>
    public static TrainerOptions Options(int epochs = 3, string? directory = null) => new()
    {
        Epochs = epochs,
        BatchSize = 8,
        Seed = 5,
        Device = ComputeDevice.Cpu,
        Prefetch = 0,
        Optimizer = OptimizerOptions.KerasNadam(0.01),
        Schedule = LearningRateScheduleOptions.StepDecay(0.5, 2),
        ProgressEveryBatches = 1,
        Checkpoint = directory == null ? null : new CheckpointOptions { Directory = directory },
    };

    /// <summary>The model's state (every weight and buffer, by name, as raw bytes in NCHW order), for exact comparisons.</summary>
    public static byte[] State(LczModel model)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        foreach (var (name, tensor) in model.state_dict().OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            using Tensor copy = tensor.detach().cpu().contiguous();
            writer.Write(name);
            writer.Write(copy.bytes);
        }
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>A record without its timings (which differ between runs).</summary>
    public static EpochRecord WithoutTimings(EpochRecord record) => record with { DurationSeconds = 0, SamplesPerSecond = 0 };

    /// <summary>A fresh temporary directory, deleted by <see cref="IDisposable.Dispose"/>.</summary>
    public static TemporaryDirectory Directory() => new();

    internal sealed class TemporaryDirectory : IDisposable
    {
        public TemporaryDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "msmla-trainer-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            if (System.IO.Directory.Exists(Path)) System.IO.Directory.Delete(Path, recursive: true);
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that runs its handler synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    internal sealed class SyncProgress<T> : IProgress<T>
    {
        private readonly Action<T> _handler;

        public SyncProgress(Action<T> handler) => _handler = handler;

        public void Report(T value) => _handler(value);
    }
}
