namespace Msmla.Core.Metrics
{
    /// <summary>A value of a <see cref="LearningCurve"/> at a 1-based epoch.</summary>
    /// <param name="Epoch">The 1-based epoch.</param>
    /// <param name="Value">The value (may be NaN or infinite: a diverged loss; such points are not drawn).</param>
    public readonly record struct LearningCurvePoint(int Epoch, double Value);
}
