namespace Msmla.Core.Metrics
{
    /// <summary>Anything that has learning curves to plot, such as Msmla.Models' <c>TrainingHistory</c>.</summary>
    public interface ILearningCurveSource
    {
        /// <summary>The curves and the best epoch.</summary>
        LearningCurves ToLearningCurves();
    }
}
