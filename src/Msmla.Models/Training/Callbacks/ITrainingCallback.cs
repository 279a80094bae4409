namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// Code the trainer calls at the points of a run, as Keras' and PyTorch Lightning's callbacks: the run's begin and end,
    /// each epoch's begin and end, each training batch's begin and end, and each validation batch's end. Every hook gets
    /// the run's <see cref="TrainingContext"/>: the model, the optimizer, the options, the position, the metrics so far,
    /// and the means to log extra per-epoch values (<see cref="TrainingContext.Log"/>), change the learning rate and stop
    /// the run (<see cref="TrainingContext.StopTraining"/>). Derive from <see cref="TrainingCallback"/> to override only
    /// the hooks you need.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Order: the trainer calls the callbacks given to its constructor first, in their order, then the built-ins its
    /// options create (<see cref="TrainerOptions.CreateCallbacks"/>: reduce-on-plateau, early stopping, checkpoints), then
    /// the progress reporter of <see cref="LczTrainer.Fit"/>. So a value a callback of yours logs in
    /// <see cref="OnEpochEnd"/> can be monitored by the built-ins, and the checkpoint written at the end of an epoch holds
    /// every earlier callback's decision and state.
    /// </para>
    /// <para>
    /// Sequence of a run: <see cref="OnTrainBegin"/>; <see cref="OnPreparationBatchEnd"/> while the trainer counts labels
    /// for balanced class weights; per epoch <see cref="OnEpochBegin"/>, per training batch <see cref="OnTrainBatchBegin"/>
    /// and <see cref="OnTrainBatchEnd"/>, per validation batch <see cref="OnValidationBatchEnd"/>, then
    /// <see cref="OnEpochEnd"/>; finally <see cref="OnTrainEnd"/> (also after a cancellation or a stop decision, not after
    /// an exception). A resumed run calls <see cref="OnTrainBegin"/>, then restores the state of
    /// <see cref="IStatefulTrainingCallback"/>s, and after a mid-epoch checkpoint calls <see cref="OnEpochBegin"/> again for
    /// the interrupted epoch (with <see cref="TrainingContext.Batch"/> above 0).
    /// </para>
    /// <para>
    /// A callback with state that must survive a resume implements <see cref="IStatefulTrainingCallback"/>; an exception
    /// thrown by a hook ends the run (it propagates from <see cref="LczTrainer.Fit"/>).
    /// </para>
    /// </remarks>
    public interface ITrainingCallback
    {
        /// <summary>The run starts (<see cref="LczTrainer.Fit"/> or <see cref="LczTrainer.Resume"/>).</summary>
        void OnTrainBegin(TrainingContext context);

        /// <summary>A batch of the label count before the first epoch is done (only with balanced class weights).</summary>
        void OnPreparationBatchEnd(TrainingContext context);

        /// <summary>An epoch starts (<see cref="TrainingContext.Epoch"/>), or an interrupted one resumes.</summary>
        void OnEpochBegin(TrainingContext context);

        /// <summary>A training batch is about to update the model (<see cref="TrainingContext.Batch"/> batches are done before it).</summary>
        void OnTrainBatchBegin(TrainingContext context);

        /// <summary>A training batch has updated the model; the epoch's training loss and accuracy so far are readable.</summary>
        void OnTrainBatchEnd(TrainingContext context);

        /// <summary>A validation batch at the end of the epoch is done; the validation loss and accuracy so far are readable.</summary>
        void OnValidationBatchEnd(TrainingContext context);

        /// <summary>
        /// The epoch has ended: <see cref="TrainingContext.Record"/> holds its metrics (and the values logged so far), and
        /// the history includes it. The place to log per-epoch values, monitor them and stop.
        /// </summary>
        void OnEpochEnd(TrainingContext context);

        /// <summary>The run ends: <see cref="TrainingContext.StopReason"/> says why.</summary>
        void OnTrainEnd(TrainingContext context);
    }
}
