using System.Globalization;
using Msmla.Core.Lcz;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// The metrics of one class, computed from a <see cref="ConfusionMatrix"/> by
    /// <see cref="ClassificationMetrics.Compute(ConfusionMatrix)"/>. The values equal scikit-learn's
    /// <c>precision_recall_fscore_support(y_true, y_pred, labels=range(ClassCount), average=None, zero_division=0)</c>.
    /// </summary>
    /// <param name="Index">The 0-based class index.</param>
    /// <param name="Lcz">The LCZ class when the matrix has 17 classes (the standard LCZ order), otherwise null.</param>
    /// <param name="Support">The number of samples of this true class (its row sum).</param>
    /// <param name="PredictedCount">The number of samples predicted as this class (its column sum).</param>
    /// <param name="TruePositives">The number of samples of this class predicted correctly (its diagonal entry).</param>
    /// <param name="Precision">
    /// TruePositives / PredictedCount (the user's accuracy in remote sensing); 0 when the class is never
    /// predicted (scikit-learn's <c>zero_division=0</c>).
    /// </param>
    /// <param name="Recall">
    /// TruePositives / Support (the producer's accuracy); 0 when the class never occurs in the truth
    /// (<c>zero_division=0</c>).
    /// </param>
    /// <param name="F1">
    /// 2 * Precision * Recall / (Precision + Recall), the harmonic mean of the two; 0 when both are 0
    /// (in particular when the class never occurs and is never predicted).
    /// </param>
    public sealed record ClassMetrics(
        int Index,
        LczClass? Lcz,
        long Support,
        long PredictedCount,
        long TruePositives,
        double Precision,
        double Recall,
        double F1)
    {
        /// <summary>The LCZ code ("1".."10", "A".."G") for LCZ matrices, otherwise the index as text.</summary>
        public string Code => Lcz?.Code ?? Index.ToString(CultureInfo.InvariantCulture);

        /// <summary>The LCZ class name for LCZ matrices (for example "Compact high-rise"), otherwise null.</summary>
        public string? Name => Lcz?.Name;

        /// <summary>Whether the class occurs in the truth or in the prediction (the classes scikit-learn's macro averages use).</summary>
        public bool IsPresent => Support > 0 || PredictedCount > 0;
    }
}
