using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Core.Data
{
    /// <summary>What an <see cref="IPatchSource"/> yields: how many patches, of which shape, with which channels.</summary>
    /// <param name="Count">The number of patches in the source.</param>
    /// <param name="Channels">Channels (bands) per patch.</param>
    /// <param name="Height">Patch height in pixels.</param>
    /// <param name="Width">Patch width in pixels.</param>
    /// <param name="ClassCount">The number of classes labels refer to (17 for LCZ).</param>
    /// <param name="ChannelNames">One name per channel, for example <c>B2</c>..<c>B12</c>.</param>
    /// <param name="HasLabels">Whether batches carry labels; without them every label is -1.</param>
    public sealed record PatchSourceInfo(
        long Count,
        int Channels,
        int Height,
        int Width,
        int ClassCount,
        IReadOnlyList<string> ChannelNames,
        bool HasLabels = true)
    {
        /// <summary>The sensor the channels come from; null = not said (inferred from the channel names where needed).</summary>
        public SensorModality? Modality { get; init; }

        /// <summary>What the stored values are in terms of digital numbers; null = not said (taken as So2Sat's reflectance, DN / 10,000).</summary>
        public InputScaling? Scaling { get; init; }

        /// <summary>
        /// The normalisation already applied to the values the source yields (Msmla.Data's <c>Normalize</c> sets it); null =
        /// none: the values are as stored.
        /// </summary>
        public NormalizationOptions? Normalization { get; init; }

        /// <summary>The random augmentation applied to the patches (Msmla.Data's <c>Augment</c> sets it); null = none.</summary>
        public AugmentationOptions? Augmentation { get; init; }

        /// <summary>The seed of <see cref="Augmentation"/>; null when there is none.</summary>
        public int? AugmentationSeed { get; init; }

        /// <summary>The number of values in one patch (channels x height x width).</summary>
        public int ValuesPerPatch => Channels * Height * Width;
    }
}
