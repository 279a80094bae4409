namespace Msmla.Models.Weights
{
    /// <summary>
    /// Well-known keys of <see cref="LczModelFileInfo.Metadata"/>, the free string-to-string metadata that
    /// <see cref="LczModels.Save"/> records in a model's sidecar. Other keys are allowed; tools that read a key they do
    /// not know ignore it.
    /// </summary>
    public static class LczModelMetadataKeys
    {
        /// <summary>
        /// The input normalisation the model was trained with, applied to the patches before the model sees them; one of
        /// the <see cref="LczModelNormalizations"/> values (<c>none</c>, <c>so2sat-stats</c>, <c>s2-baseline</c>, the
        /// choices of the command line's <c>--normalize</c>). A model must be fed data normalised the same way.
        /// </summary>
        public const string Normalization = "normalization";
    }
}
