namespace Msmla.Cli.Progress
{
    /// <summary>One piece of work being tracked. Thread-safe: the trainer reports from its own thread.</summary>
    internal interface IProgressItem
    {
        /// <summary>Sets the amount done, and optionally a new total and description.</summary>
        void Update(double value, double? total = null, string? description = null);

        /// <summary>Marks the item finished (its bar full), with an optional final description.</summary>
        void Complete(string? description = null);
    }
}
