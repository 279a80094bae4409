using System;
using Msmla.Core.Metrics;

namespace Msmla.Models.Training
{
    /// <summary>
    /// What one epoch produced: the learning rate, the training loss and accuracy, the validation loss and the summary
    /// values of <see cref="ClassificationMetrics"/>, and the time it took. Validation values are null when the run has no
    /// validation source; <see cref="Logged"/> holds the values callbacks logged. Round-trips through System.Text.Json (NaN allowed, see <see cref="TrainingHistory.ToJson"/>).
    /// </summary>
    /// <remarks>
    /// The training loss is the sample-weighted mean of the batch losses as the optimizer saw them (with class weights and
    /// label smoothing); the validation loss is the mean per-sample loss without class weights, as Keras reports
    /// <c>val_loss</c>. The training accuracy counts the predictions of the model while it was being updated (train mode).
    /// </remarks>
    public sealed record EpochRecord
    {
        /// <summary>The epoch number, 1-based (epoch 1 is the first; the data source sees epoch index Epoch - 1).</summary>
        public int Epoch { get; init; }

        /// <summary>The learning rate of the epoch's last optimizer update.</summary>
        public double LearningRate { get; init; }

        /// <summary>The mean training loss.</summary>
        public double TrainingLoss { get; init; }

        /// <summary>The fraction of training samples classified correctly during the epoch.</summary>
        public double TrainingAccuracy { get; init; }

        /// <summary>The number of training samples seen.</summary>
        public long TrainingSamples { get; init; }

        /// <summary>The mean validation loss (no class weights).</summary>
        public double? ValidationLoss { get; init; }

        /// <summary>The validation overall accuracy, OA (<see cref="ClassificationMetrics.MicroAccuracy"/>).</summary>
        public double? ValidationAccuracy { get; init; }

        /// <summary>The validation average accuracy, AA (<see cref="ClassificationMetrics.MacroAccuracy"/>).</summary>
        public double? ValidationAverageAccuracy { get; init; }

        /// <summary>The validation Cohen's kappa.</summary>
        public double? ValidationKappa { get; init; }

        /// <summary>The validation macro precision.</summary>
        public double? ValidationMacroPrecision { get; init; }

        /// <summary>The validation macro recall.</summary>
        public double? ValidationMacroRecall { get; init; }

        /// <summary>The validation macro F1.</summary>
        public double? ValidationMacroF1 { get; init; }

        /// <summary>The validation support-weighted precision.</summary>
        public double? ValidationWeightedPrecision { get; init; }

        /// <summary>The validation support-weighted recall.</summary>
        public double? ValidationWeightedRecall { get; init; }

        /// <summary>The validation support-weighted F1.</summary>
        public double? ValidationWeightedF1 { get; init; }

        /// <summary>LCZ only: the validation accuracy of the built-up classes (LCZ 1-10).</summary>
        public double? ValidationBuiltUpAccuracy { get; init; }

        /// <summary>LCZ only: the validation accuracy of the natural classes (LCZ A-G).</summary>
        public double? ValidationNaturalAccuracy { get; init; }

        /// <summary>LCZ only: the validation LCZ weighted accuracy WA (<see cref="ClassificationMetrics.WeightedAccuracy"/>).</summary>
        public double? ValidationLczWeightedAccuracy { get; init; }

        /// <summary>The number of validation samples (0 without validation).</summary>
        public long ValidationSamples { get; init; }

        /// <summary>Wall-clock seconds of the epoch, training and validation (after a resume: of the part run since).</summary>
        public double DurationSeconds { get; init; }

        /// <summary>Training samples per second of the epoch's training phase.</summary>
        public double SamplesPerSecond { get; init; }

        /// <summary>
        /// The extra values callbacks logged for the epoch (<see cref="Callbacks.TrainingContext.Log"/>), in the order they
        /// were first logged; empty when none. They also appear in the history CSV and JSON and in the learning curves.
        /// </summary>
        public LoggedValues Logged { get; init; } = LoggedValues.Empty;

        /// <summary>The value of <paramref name="monitor"/> in this epoch, or null when the epoch does not have it (no validation source, not logged).</summary>
        public double? Value(TrainingMonitor monitor)
        {
            ArgumentNullException.ThrowIfNull(monitor);
            return monitor.ValueIn(this);
        }

        /// <summary>A copy with the validation values set from <paramref name="metrics"/> and <paramref name="loss"/>.</summary>
        public EpochRecord WithValidation(ClassificationMetrics metrics, double loss)
        {
            ArgumentNullException.ThrowIfNull(metrics);
            return this with
            {
                ValidationLoss = loss,
                ValidationAccuracy = metrics.MicroAccuracy,
                ValidationAverageAccuracy = metrics.MacroAccuracy,
                ValidationKappa = metrics.Kappa,
                ValidationMacroPrecision = metrics.MacroPrecision,
                ValidationMacroRecall = metrics.MacroRecall,
                ValidationMacroF1 = metrics.MacroF1,
                ValidationWeightedPrecision = metrics.WeightedPrecision,
                ValidationWeightedRecall = metrics.WeightedRecall,
                ValidationWeightedF1 = metrics.WeightedF1,
                ValidationBuiltUpAccuracy = metrics.BuiltUpAccuracy,
                ValidationNaturalAccuracy = metrics.NaturalAccuracy,
                ValidationLczWeightedAccuracy = metrics.WeightedAccuracy,
                ValidationSamples = metrics.Total,
            };
        }
    }
}
