using System;

namespace Msmla.Models.Training
{
    /// <summary>A progress report of the trainer (every <see cref="TrainerOptions.ProgressEveryBatches"/> batches and at the end of each phase).</summary>
    /// <param name="Phase">What the trainer is doing.</param>
    /// <param name="Epoch">The 1-based epoch (0 for <see cref="TrainingPhase.Evaluation"/>).</param>
    /// <param name="Epochs">The most epochs of the run (0 for <see cref="TrainingPhase.Evaluation"/>).</param>
    /// <param name="Batch">Batches done in this phase of the epoch.</param>
    /// <param name="BatchesPerEpoch">Batches in this phase of the epoch.</param>
    /// <param name="SamplesPerSecond">Samples per second in this phase of the epoch so far.</param>
    /// <param name="Eta">Estimated time until the run ends if it runs every epoch (from the pace so far), or null before there is a pace.</param>
    /// <param name="Elapsed">Time since the run (or the resume) started.</param>
    /// <param name="Loss">The mean loss of the phase so far (training or validation), or NaN before any batch.</param>
    /// <param name="Accuracy">The accuracy of the phase so far, or NaN before any batch.</param>
    /// <param name="LearningRate">The learning rate of the last update (NaN for <see cref="TrainingPhase.Evaluation"/>).</param>
    /// <param name="Record">At <see cref="TrainingPhase.EpochEnd"/>: the epoch's record; otherwise null.</param>
    public sealed record TrainingProgress(
        TrainingPhase Phase,
        int Epoch,
        int Epochs,
        int Batch,
        int BatchesPerEpoch,
        double SamplesPerSecond,
        TimeSpan? Eta,
        TimeSpan Elapsed,
        double Loss,
        double Accuracy,
        double LearningRate,
        EpochRecord? Record = null);
}
