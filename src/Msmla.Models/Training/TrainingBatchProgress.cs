using System;

namespace Msmla.Models.Training
{
    /// <summary>Training batches of an epoch are done.</summary>
    /// <param name="Epoch">The 1-based epoch.</param>
    /// <param name="Epochs">The most epochs of the run.</param>
    /// <param name="Batch">Training batches done in the epoch.</param>
    /// <param name="Batches">Training batches per epoch.</param>
    /// <param name="Loss">The mean training loss of the epoch so far.</param>
    /// <param name="Accuracy">The training accuracy of the epoch so far.</param>
    /// <param name="LearningRate">The learning rate of the last update.</param>
    /// <param name="SamplesPerSecond">Training samples per second in the epoch so far.</param>
    /// <param name="Eta">Estimated time until the run ends if it runs every epoch (from the pace so far), or null before there is a pace.</param>
    /// <param name="Elapsed">Time since the run (or the resume) started.</param>
    public sealed record TrainingBatchProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double LearningRate,
        double SamplesPerSecond, TimeSpan? Eta, TimeSpan Elapsed) : TrainingProgress(Elapsed);
}
