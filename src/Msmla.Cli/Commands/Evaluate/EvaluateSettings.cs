using Msmla.Cli.Infrastructure;
using Msmla.Core.Runtime;

namespace Msmla.Cli.Commands.Evaluate
{
    /// <summary>What <c>msmla evaluate</c> was asked to do.</summary>
    /// <param name="Weights">The native weights file (with its .json sidecar).</param>
    /// <param name="Data">The labelled HDF5 file.</param>
    /// <param name="Selection">How to read it.</param>
    /// <param name="Device">Where to run.</param>
    /// <param name="BatchSize">Patches per forward pass.</param>
    /// <param name="TestTimeAugmentation">Average over the 8 dihedral transforms.</param>
    /// <param name="OutputDirectory">Where to write the metrics CSVs and the confusion-matrix PNG, or null.</param>
    /// <param name="Json">Write the result as JSON.</param>
    internal sealed record EvaluateSettings(string Weights, string Data, DataSelection Selection, ComputeDevice Device, int BatchSize, bool TestTimeAugmentation, string? OutputDirectory, bool Json);
}
