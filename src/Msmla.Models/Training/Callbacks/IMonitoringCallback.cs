namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// A callback that watches a <see cref="TrainingMonitor"/>. The trainer refuses to start without a validation source
    /// when one of its callbacks watches a validation value (<see cref="TrainingMonitor.NeedsValidation"/>), naming it by
    /// <see cref="Purpose"/>; the history's best epoch follows the monitor of the first <see cref="ModelCheckpoint"/>, else
    /// of the first <see cref="EarlyStopping"/>.
    /// </summary>
    public interface IMonitoringCallback : ITrainingCallback
    {
        /// <summary>The watched value.</summary>
        TrainingMonitor Monitor { get; }

        /// <summary>What the callback does with it, for messages (for example <c>"early stopping"</c>).</summary>
        string Purpose { get; }
    }
}
