using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary>What <c>msmla predict</c> was asked to do.</summary>
    /// <param name="Model">The saved model, the patch file and how to apply one to the other.</param>
    /// <param name="Output">The CSV file to write.</param>
    internal sealed record PredictSettings(ModelDataSettings Model, string Output);
}
