namespace Msmla.Models.Training
{
    /// <summary>
    /// The mutable part of a <see cref="LearningRateSchedule"/> (only <see cref="LearningRateScheduleKind.ReduceOnPlateau"/>
    /// has one), kept in checkpoints so that a resumed run continues the same schedule.
    /// </summary>
    /// <param name="LearningRate">The current plateau learning rate.</param>
    /// <param name="Best">The best monitored value so far, or null before the first epoch.</param>
    /// <param name="Wait">Epochs since the last improvement (outside cooldown).</param>
    /// <param name="CooldownCounter">Epochs of cooldown left.</param>
    public sealed record LearningRateScheduleState(double LearningRate, double? Best, int Wait, int CooldownCounter);
}
