using Msmla.Core.Metrics;

namespace Msmla.Models.Training
{
    /// <summary>What <see cref="LczTrainer.Evaluate"/> measures on a labelled source.</summary>
    /// <param name="Metrics">OA, AA, kappa, per-class and averaged precision, recall and F1, and the LCZ values.</param>
    /// <param name="ConfusionMatrix">Counts of (true class, predicted class).</param>
    /// <param name="Loss">The mean per-sample loss, without class weights (as the validation loss).</param>
    public sealed record EvaluationResult(ClassificationMetrics Metrics, ConfusionMatrix ConfusionMatrix, double Loss)
    {
        /// <summary>The number of samples evaluated.</summary>
        public long Samples => ConfusionMatrix.Total;
    }
}
