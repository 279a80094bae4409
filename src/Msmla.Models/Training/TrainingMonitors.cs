using System;

namespace Msmla.Models.Training
{
    /// <summary>Properties of the <see cref="TrainingMonitor"/> values.</summary>
    public static class TrainingMonitors
    {
        /// <summary>Whether smaller values are better (the losses).</summary>
        public static bool LowerIsBetter(this TrainingMonitor monitor) => monitor switch
        {
            TrainingMonitor.ValidationLoss or TrainingMonitor.TrainingLoss => true,
            TrainingMonitor.ValidationAccuracy or TrainingMonitor.ValidationAverageAccuracy or TrainingMonitor.ValidationKappa
                or TrainingMonitor.ValidationMacroF1 or TrainingMonitor.TrainingAccuracy => false,
            _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Unknown training monitor."),
        };

        /// <summary>Whether the value needs a validation source.</summary>
        public static bool NeedsValidation(this TrainingMonitor monitor) =>
            monitor is not (TrainingMonitor.TrainingLoss or TrainingMonitor.TrainingAccuracy);

        /// <summary>
        /// Whether <paramref name="value"/> improves on <paramref name="best"/> by more than <paramref name="minDelta"/>
        /// (Keras' rule: value &lt; best - minDelta for losses, value &gt; best + minDelta otherwise). NaN never improves;
        /// anything that is not NaN improves on a null best.
        /// </summary>
        public static bool Improves(this TrainingMonitor monitor, double value, double? best, double minDelta)
        {
            if (double.IsNaN(value)) return false;
            if (best is not double b || double.IsNaN(b)) return true;
            return monitor.LowerIsBetter() ? value < b - minDelta : value > b + minDelta;
        }
    }
}
