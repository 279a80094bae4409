using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.ImportKeras
{
    /// <summary>What <c>msmla import-keras</c> was asked to do (parsed and checked).</summary>
    /// <param name="Model">The architecture and options to build.</param>
    /// <param name="KerasFile">The Keras HDF5 weight file.</param>
    /// <param name="Output">The native weights file to write (its sidecar goes to Output + ".json").</param>
    /// <param name="Json">Write the report as JSON.</param>
    /// <param name="OptionsFile">The model options file the model came from, or null.</param>
    internal sealed record ImportKerasSettings(ModelSpec Model, string KerasFile, string Output, bool Json, string? OptionsFile);
}
