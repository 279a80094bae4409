namespace Msmla.Models.Training
{
    /// <summary>The state of a <see cref="MonitorTracker"/>, kept in checkpoints.</summary>
    /// <param name="Best">The best value so far, or null before the first epoch.</param>
    /// <param name="BestEpoch">The 1-based epoch of the best value, or 0 before the first epoch.</param>
    /// <param name="Wait">Epochs since the last improvement.</param>
    public sealed record MonitorTrackerState(double? Best, int BestEpoch, int Wait);
}
