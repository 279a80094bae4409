namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// A callback whose state is saved in every checkpoint the run writes and restored by <see cref="LczTrainer.Resume"/>,
    /// so that a resumed run repeats the uninterrupted one (early stopping's counters and best weights, the best
    /// checkpoint's best value, reduce-on-plateau's counters).
    /// </summary>
    /// <remarks>
    /// The state is opaque bytes, stored under <see cref="StateKey"/> in the checkpoint's callback section; when several
    /// callbacks of a run have the same key, the second and later get <c>#2</c>, <c>#3</c>, ... appended in callback order.
    /// <see cref="LoadState"/> is called after <see cref="ITrainingCallback.OnTrainBegin"/> (which should reset the
    /// callback, so that an instance can serve several runs). A checkpoint without state for a callback (the callback is
    /// new) leaves it as <see cref="ITrainingCallback.OnTrainBegin"/> set it, with a warning.
    /// </remarks>
    public interface IStatefulTrainingCallback : ITrainingCallback
    {
        /// <summary>The name the state is stored under, stable across versions of the callback (for example <c>"EarlyStopping"</c>).</summary>
        string StateKey { get; }

        /// <summary>The callback's state now, as bytes that <see cref="LoadState"/> reads.</summary>
        byte[] SaveState();

        /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
        /// <exception cref="System.IO.InvalidDataException">The bytes are not a state of this callback.</exception>
        void LoadState(byte[] state);
    }
}
