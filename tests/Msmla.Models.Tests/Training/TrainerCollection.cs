namespace Msmla.Models.Tests.Training;

/// <summary>
/// Every test class that trains: a run reseeds TorchSharp's process-wide generator at each epoch, which would disturb
/// other tests drawing from it, and the exact-reproducibility and memory tests need the process to themselves. xunit runs
/// this collection alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerCollection
{
    public const string Name = "Trainer: global torch state";
}
