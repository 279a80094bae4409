using System;

namespace Msmla.Models.Training
{
    /// <summary>Validation batches at the end of an epoch are done.</summary>
    /// <param name="Epoch">The 1-based epoch.</param>
    /// <param name="Epochs">The most epochs of the run.</param>
    /// <param name="Batch">Validation batches done.</param>
    /// <param name="Batches">Validation batches in all.</param>
    /// <param name="Loss">The mean validation loss so far (no class weights).</param>
    /// <param name="Accuracy">The validation accuracy so far.</param>
    /// <param name="SamplesPerSecond">Validation samples per second so far.</param>
    /// <param name="Eta">Estimated time until the run ends if it runs every epoch, or null before there is a pace.</param>
    /// <param name="Elapsed">Time since the run (or the resume) started.</param>
    public sealed record ValidationBatchProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy,
        double SamplesPerSecond, TimeSpan? Eta, TimeSpan Elapsed) : TrainingProgress(Elapsed);
}
