using System;
using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Training
{
    /// <summary>
    /// What a checkpoint holds, read with <see cref="LczTrainer.ReadCheckpoint"/>: enough to rebuild the model
    /// (<see cref="LczModels.Create"/> with <see cref="Architecture"/> and <see cref="ModelOptions"/>) and the trainer
    /// (<see cref="Options"/>) before calling <see cref="LczTrainer.Resume"/>.
    /// </summary>
    /// <param name="Path">The checkpoint file.</param>
    /// <param name="SavedAt">When it was written.</param>
    /// <param name="ModelName">The model's display name.</param>
    /// <param name="Architecture">The model's architecture.</param>
    /// <param name="ModelOptions">The model's resolved options.</param>
    /// <param name="Options">The run's trainer options.</param>
    /// <param name="Training">The shape of the training source.</param>
    /// <param name="Validation">The shape of the validation source, or null.</param>
    /// <param name="Input">The input pipeline of the training source (what the saved models record), or null in checkpoints written before it was kept.</param>
    /// <param name="Augmentation">The augmentation of the training source, or null.</param>
    /// <param name="AugmentationSeed">The seed of the augmentation, or null.</param>
    /// <param name="CompletedEpochs">Epochs finished.</param>
    /// <param name="BatchesDone">Training batches done in the next epoch (above 0 for a checkpoint written mid-epoch).</param>
    /// <param name="Step">Optimizer updates done.</param>
    /// <param name="ClassWeights">The class weights of the training loss (given, or computed as balanced), or null.</param>
    /// <param name="History">The history up to the checkpoint.</param>
    public sealed record TrainingCheckpointInfo(
        string Path,
        DateTimeOffset SavedAt,
        string ModelName,
        LczArchitecture Architecture,
        LczModelOptions ModelOptions,
        TrainerOptions Options,
        SourceShape Training,
        SourceShape? Validation,
        InputPipeline? Input,
        AugmentationOptions? Augmentation,
        int? AugmentationSeed,
        int CompletedEpochs,
        int BatchesDone,
        long Step,
        IReadOnlyList<float>? ClassWeights,
        TrainingHistory History);
}
