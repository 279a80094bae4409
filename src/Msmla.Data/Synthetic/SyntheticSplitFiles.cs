namespace Msmla.Data.Synthetic
{
    /// <summary>The three So2Sat-layout files written by <see cref="SyntheticLczSample.WriteSplits"/>.</summary>
    /// <param name="Training">training.h5</param>
    /// <param name="Validation">validation.h5</param>
    /// <param name="Testing">testing.h5</param>
    public sealed record SyntheticSplitFiles(string Training, string Validation, string Testing);
}
