using System.Collections.Generic;

namespace Msmla.Models.Weights
{
    /// <summary>What a weight load did: which of the model's tensors were filled from the file and which were not.</summary>
    /// <param name="FilePath">The file the weights came from.</param>
    /// <param name="LoadedKeys">Model state keys that received values from the file.</param>
    /// <param name="MissingKeys">Model state keys the file did not provide (empty after a strict load).</param>
    /// <param name="UnexpectedKeys">File keys the model has no tensor for (empty after a strict load).</param>
    /// <param name="NonFiniteKeys">Loaded keys whose values include NaN or infinity (empty unless allowed).</param>
    public sealed record WeightLoadReport(
        string FilePath,
        IReadOnlyList<string> LoadedKeys,
        IReadOnlyList<string> MissingKeys,
        IReadOnlyList<string> UnexpectedKeys,
        IReadOnlyList<string> NonFiniteKeys);
}
