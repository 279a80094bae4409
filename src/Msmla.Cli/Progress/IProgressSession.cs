namespace Msmla.Cli.Progress
{
    /// <summary>A running progress display to which work adds its items.</summary>
    internal interface IProgressSession
    {
        /// <summary>Adds an item (a bar, or a series of plain lines) with a description and a total.</summary>
        IProgressItem Add(string description, double total);
    }
}
