namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// A <see cref="ITrainingCallback"/> whose hooks do nothing: derive from it and override the ones you need.
    /// <code>
    /// sealed class StopAtAccuracy : TrainingCallback
    /// {
    ///     public override void OnEpochEnd(TrainingContext context)
    ///     {
    ///         if (context.Record!.ValidationAccuracy &gt;= 0.9) context.StopTraining("validation accuracy reached 0.9");
    ///     }
    /// }
    /// </code>
    /// </summary>
    public abstract class TrainingCallback : ITrainingCallback
    {
        /// <inheritdoc />
        public virtual void OnTrainBegin(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnPreparationBatchEnd(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnEpochBegin(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnTrainBatchBegin(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnTrainBatchEnd(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnValidationBatchEnd(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnEpochEnd(TrainingContext context)
        {
        }

        /// <inheritdoc />
        public virtual void OnTrainEnd(TrainingContext context)
        {
        }
    }
}
