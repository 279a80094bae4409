using System;

namespace Msmla.Models.Training
{
    /// <summary>Batches of <see cref="LczTrainer.Evaluate"/> are done.</summary>
    /// <param name="Batch">Batches done.</param>
    /// <param name="Batches">Batches in all.</param>
    /// <param name="Loss">The mean loss so far (no class weights).</param>
    /// <param name="Accuracy">The accuracy so far.</param>
    /// <param name="SamplesPerSecond">Samples per second so far.</param>
    /// <param name="Eta">Estimated time until the evaluation ends.</param>
    /// <param name="Elapsed">Time since the evaluation started.</param>
    public sealed record EvaluationProgress(int Batch, int Batches, double Loss, double Accuracy, double SamplesPerSecond, TimeSpan Eta, TimeSpan Elapsed)
        : TrainingProgress(Elapsed);
}
