using System;

namespace Msmla.Models.Training
{
    /// <summary>
    /// A progress report of the trainer. Each phase has its own sealed type with the values that phase has:
    /// <see cref="PreparationProgress"/>, <see cref="TrainingBatchProgress"/>, <see cref="ValidationBatchProgress"/>,
    /// <see cref="EpochEndProgress"/> and <see cref="EvaluationProgress"/>; match on the type:
    /// <code>
    /// var progress = new Progress&lt;TrainingProgress&gt;(p =&gt;
    /// {
    ///     if (p is EpochEndProgress end) Console.WriteLine($"epoch {end.Epoch}/{end.Epochs}: loss {end.Record.TrainingLoss:F3}");
    /// });
    /// </code>
    /// Batch reports come every <see cref="TrainerOptions.ProgressEveryBatches"/> batches and at the end of each phase
    /// (<see cref="Callbacks.TrainingProgressCallback"/> makes them from the trainer's callbacks).
    /// </summary>
    /// <param name="Elapsed">Time since the run (or the resume, or the evaluation) started.</param>
    public abstract record TrainingProgress(TimeSpan Elapsed);
}
