using Msmla.Core.Data;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.Transforms
{
    /// <summary>Composable steps on any <see cref="IPatchSource"/>: <c>reader.Normalize(...).Augment(...)</c>.</summary>
    public static class PatchSourceExtensions
    {
        /// <summary>Normalises the source's patches channel by channel.</summary>
        public static NormalizedPatchSource Normalize(this IPatchSource source, NormalizationOptions options) => new(source, options);

        /// <summary>Augments the source's patches, seeded.</summary>
        public static AugmentedPatchSource Augment(this IPatchSource source, AugmentationOptions options, int seed) => new(source, options, seed);
    }
}
