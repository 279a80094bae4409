using System;

namespace Msmla.Models.Training
{
    /// <summary>Counting the training labels for balanced class weights, before the first epoch.</summary>
    /// <param name="Batch">Batches counted.</param>
    /// <param name="Batches">Batches to count.</param>
    /// <param name="Epochs">The most epochs of the run that follows.</param>
    /// <param name="Elapsed">Time since the run started.</param>
    public sealed record PreparationProgress(int Batch, int Batches, int Epochs, TimeSpan Elapsed) : TrainingProgress(Elapsed);
}
