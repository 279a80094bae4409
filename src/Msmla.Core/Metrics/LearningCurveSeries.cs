namespace Msmla.Core.Metrics
{
    /// <summary>What a <see cref="LearningCurve"/> is a series of; it decides the curve's colour.</summary>
    public enum LearningCurveSeries
    {
        /// <summary>A value measured on the training data.</summary>
        Training,

        /// <summary>A value measured on the validation data.</summary>
        Validation,

        /// <summary>Any other value.</summary>
        Other,
    }
}
