namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// A built-in callback whose state version 1 checkpoints kept in their run state (before callbacks existed), so that
    /// such checkpoints still resume exactly.
    /// </summary>
    internal interface ILegacyCheckpointState
    {
        /// <summary>Restores the callback from a version 1 checkpoint's run state.</summary>
        void RestoreLegacy(CheckpointState state);
    }
}
