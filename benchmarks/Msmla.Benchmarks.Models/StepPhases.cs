using System;

namespace Msmla.Benchmarks.Models;

/// <summary>The time of each phase of one training step, in seconds.</summary>
internal sealed record StepPhases(double ZeroGrad, double Forward, double Backward, double OptimizerStep)
{
    /// <summary>The phase-wise minimum of this and <paramref name="other"/>.</summary>
    public StepPhases Min(StepPhases other) => new(
        Math.Min(ZeroGrad, other.ZeroGrad), Math.Min(Forward, other.Forward), Math.Min(Backward, other.Backward), Math.Min(OptimizerStep, other.OptimizerStep));

    /// <summary>The whole step.</summary>
    public double Total => ZeroGrad + Forward + Backward + OptimizerStep;
}
