using System;

namespace Msmla.Models.Training
{
    /// <summary>An epoch has ended.</summary>
    /// <param name="Epoch">The 1-based epoch.</param>
    /// <param name="Epochs">The most epochs of the run.</param>
    /// <param name="Record">The epoch's record (with the values callbacks logged before the progress callback ran).</param>
    /// <param name="IsLast">Whether the run ends after this epoch (its last epoch, or a callback decided to stop).</param>
    /// <param name="Eta">Estimated time until the run ends (zero when <paramref name="IsLast"/>), or null before there is a pace.</param>
    /// <param name="Elapsed">Time since the run (or the resume) started.</param>
    public sealed record EpochEndProgress(int Epoch, int Epochs, EpochRecord Record, bool IsLast, TimeSpan? Eta, TimeSpan Elapsed) : TrainingProgress(Elapsed);
}
