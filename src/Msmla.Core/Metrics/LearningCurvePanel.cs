namespace Msmla.Core.Metrics
{
    /// <summary>The panel of a learning-curve plot that a <see cref="LearningCurve"/> belongs to.</summary>
    public enum LearningCurvePanel
    {
        /// <summary>Losses (y from 0).</summary>
        Loss,

        /// <summary>Accuracies (y from 0 to 1).</summary>
        Accuracy,

        /// <summary>Any other value (for example one a training callback logged); y fits the values.</summary>
        Other,
    }
}
