namespace Msmla.Models.Training
{
    /// <summary>A callback's decision to end a run before its last epoch (<see cref="Callbacks.TrainingContext.StopTraining"/>).</summary>
    /// <param name="Epoch">The 1-based epoch during which it was decided (the run ended after it).</param>
    /// <param name="DecidedBy">Who decided: the callback's type name (for example <c>EarlyStopping</c>).</param>
    /// <param name="Reason">Why, in the callback's words.</param>
    public sealed record TrainingStopDecision(int Epoch, string DecidedBy, string Reason)
    {
        /// <summary>For messages: <c>EarlyStopping in epoch 7: ...</c>.</summary>
        public override string ToString() => $"{DecidedBy} in epoch {Epoch}: {Reason}";
    }
}
