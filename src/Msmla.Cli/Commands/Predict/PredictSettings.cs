using Msmla.Cli.Infrastructure;
using Msmla.Core.Runtime;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary>What <c>msmla predict</c> was asked to do.</summary>
    /// <param name="Weights">The native weights file (with its .json sidecar).</param>
    /// <param name="Data">The HDF5 file (labels optional).</param>
    /// <param name="Selection">How to read it.</param>
    /// <param name="Device">Where to run.</param>
    /// <param name="BatchSize">Patches per forward pass.</param>
    /// <param name="TestTimeAugmentation">Average over the 8 dihedral transforms.</param>
    /// <param name="Output">The CSV file to write.</param>
    /// <param name="Json">Write the summary as JSON.</param>
    internal sealed record PredictSettings(string Weights, string Data, DataSelection Selection, ComputeDevice Device, int BatchSize, bool TestTimeAugmentation, string Output, bool Json);
}
