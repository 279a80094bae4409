using Msmla.Cli.Infrastructure;

namespace Msmla.Cli.Commands.Evaluate
{
    /// <summary>What <c>msmla evaluate</c> was asked to do.</summary>
    /// <param name="Model">The saved model, the labelled file and how to apply one to the other.</param>
    /// <param name="OutputDirectory">Where to write the metrics CSVs and the confusion-matrix PNG, or null.</param>
    internal sealed record EvaluateSettings(ModelDataSettings Model, string? OutputDirectory);
}
