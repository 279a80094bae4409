namespace Msmla.Models.Tests.Training;

/// <summary>
/// Tests that need TorchSharp's process-wide state to themselves (the global generator, the thread count) to check exact
/// reproducibility or memory: xunit runs this collection alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerCollection
{
    public const string Name = "Trainer: global torch state";
}
