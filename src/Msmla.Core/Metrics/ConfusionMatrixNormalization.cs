namespace Msmla.Core.Metrics
{
    /// <summary>
    /// How <see cref="ConfusionMatrix.Normalize"/> scales the counts; the same choices as scikit-learn's
    /// <c>confusion_matrix(normalize=...)</c>.
    /// </summary>
    public enum ConfusionMatrixNormalization
    {
        /// <summary>
        /// Each row divided by its sum (scikit-learn <c>normalize='true'</c>): entry [i, j] is the
        /// fraction of class i samples predicted as j, and the diagonal holds the recalls.
        /// </summary>
        Truth,

        /// <summary>
        /// Each column divided by its sum (scikit-learn <c>normalize='pred'</c>): entry [i, j] is the
        /// fraction of the samples predicted as j whose true class is i; the diagonal holds the precisions.
        /// </summary>
        Predicted,

        /// <summary>Every entry divided by the total (scikit-learn <c>normalize='all'</c>).</summary>
        All,
    }
}
