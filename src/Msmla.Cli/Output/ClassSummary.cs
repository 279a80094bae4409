namespace Msmla.Cli.Output
{
    /// <summary>One class of <see cref="MetricsSummary.PerClass"/>.</summary>
    internal sealed record ClassSummary(string Code, string? Name, long Support, long Predicted, double Precision, double Recall, double F1);
}
