using System;
using Msmla.Core.Lcz;

namespace Msmla.Data.Synthetic
{
    /// <summary>The shape and randomness of a <see cref="SyntheticLczSample"/>. A plain record: stores as JSON.</summary>
    public sealed record SyntheticLczOptions
    {
        /// <summary>The seed: the same seed gives the same patches and labels.</summary>
        public int Seed { get; init; }

        /// <summary>The number of classes (up to the 17 LCZ classes).</summary>
        public int ClassCount { get; init; } = LczClasses.Count;

        /// <summary>Sentinel-2-like bands per patch (10 names B2..B12 when 10).</summary>
        public int Bands { get; init; } = 10;

        /// <summary>Sentinel-1-like channels written to <c>sen1</c> (0 = none; 8 for the So2Sat layout).</summary>
        public int Sentinel1Channels { get; init; }

        /// <summary>Patch height and width.</summary>
        public int PatchSize { get; init; } = 32;

        /// <summary>Standard deviation of the per-pixel noise, in reflectance.</summary>
        public double Noise { get; init; } = 0.02;

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
        public SyntheticLczOptions Validate()
        {
            if (ClassCount < 2 || ClassCount > LczClasses.Count) throw new ArgumentOutOfRangeException(nameof(ClassCount), ClassCount, "2 to 17 classes.");
            if (Bands < 1) throw new ArgumentOutOfRangeException(nameof(Bands), Bands, "At least one band.");
            if (Sentinel1Channels < 0) throw new ArgumentOutOfRangeException(nameof(Sentinel1Channels), Sentinel1Channels, "Cannot be negative.");
            if (PatchSize < 2) throw new ArgumentOutOfRangeException(nameof(PatchSize), PatchSize, "At least 2 pixels.");
            if (!(Noise >= 0)) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "Cannot be negative.");
            return this;
        }
    }
}
