using Msmla.Core.Metrics;
using Msmla.Models.Inference;

namespace Msmla.Data.Classification
{
    /// <summary>What <see cref="LczClassifier.Evaluate"/> measures on labelled data.</summary>
    /// <param name="Predictions">The probabilities and labels of every patch, with the true labels.</param>
    /// <param name="ConfusionMatrix">Truth against prediction.</param>
    /// <param name="Metrics">OA, kappa, AA, F1, the LCZ weighted accuracy and the per-class values.</param>
    public sealed record LczEvaluation(PredictionResult Predictions, ConfusionMatrix ConfusionMatrix, ClassificationMetrics Metrics);
}
