namespace Msmla.Cli.Infrastructure
{
    /// <summary>A file a command reads, with how the command line gave it (for messages): "the data file given with --data".</summary>
    /// <param name="Role">What the file is to the command, e.g. "the data file given with --data".</param>
    /// <param name="Path">The file.</param>
    internal sealed record CommandInput(string Role, string Path);
}
