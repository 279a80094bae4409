namespace Msmla.Models.Training
{
    /// <summary>The sums of an epoch in progress, kept in a mid-epoch checkpoint so the resumed epoch reports the same values.</summary>
    /// <param name="LossSum">The sum over batches of batch loss x batch size.</param>
    /// <param name="Correct">Correctly classified training samples so far.</param>
    /// <param name="Samples">Training samples so far.</param>
    /// <param name="Seconds">Training seconds spent in the epoch so far.</param>
    /// <param name="LearningRate">The learning rate of the last update.</param>
    /// <param name="Logged">The values callbacks logged in the epoch so far (null in version 1 checkpoints: none).</param>
    internal sealed record EpochProgressState(double LossSum, long Correct, long Samples, double Seconds, double LearningRate, LoggedValues? Logged = null);
}
