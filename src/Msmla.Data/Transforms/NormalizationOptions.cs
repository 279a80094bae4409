using System;
using System.Collections.Generic;
using System.Globalization;
using Msmla.Core.Data;
using Msmla.Data.So2Sat;

namespace Msmla.Data.Transforms
{
    /// <summary>
    /// One normalisation step, as a plain record that stores as JSON in a recipe; apply it with
    /// <see cref="PatchSourceExtensions.Normalize"/>. Steps compose by chaining. Every kind is a
    /// per-channel affine map y = (x - shift_c) * scale_c, resolved against the source's channel names.
    /// </summary>
    public sealed record NormalizationOptions
    {
        /// <summary>The Sentinel-2 baseline-04.00 offset in digital numbers.</summary>
        public const double Sentinel2Offset = 1000;

        /// <summary>The Sentinel-2 quantification value (digital numbers per unit reflectance).</summary>
        public const double Sentinel2Quantification = 10000;

        /// <summary>The kind of normalisation.</summary>
        public NormalizationKind Kind { get; init; }

        /// <summary>Per-band means for <see cref="NormalizationKind.MeanStd"/>.</summary>
        public IReadOnlyList<double>? Mean { get; init; }

        /// <summary>Per-band standard deviations for <see cref="NormalizationKind.MeanStd"/>.</summary>
        public IReadOnlyList<double>? Std { get; init; }

        /// <summary>
        /// The band names of <see cref="Mean"/> and <see cref="Std"/>: each source channel takes the entry
        /// of its name (so statistics of all bands serve a selection). Null: the entries are in the source's channel order.
        /// </summary>
        public IReadOnlyList<string>? Bands { get; init; }

        /// <summary>The divisor for <see cref="NormalizationKind.DivideByConstant"/>.</summary>
        public double Divisor { get; init; } = 1;

        /// <summary>No change.</summary>
        public static NormalizationOptions None { get; } = new();

        /// <summary>The published So2Sat v2 statistics, sliced by the source's band names.</summary>
        public static NormalizationOptions So2SatStatistics { get; } = new() { Kind = NormalizationKind.So2SatStatistics };

        /// <summary>Sentinel-2 baseline 04.00: (DN - 1000) / 10000.</summary>
        public static NormalizationOptions Sentinel2BaselineOffset { get; } = new() { Kind = NormalizationKind.Sentinel2BaselineOffset };

        /// <summary>x / <paramref name="divisor"/>, for example 5000 for LCZNet.</summary>
        public static NormalizationOptions DivideBy(double divisor) => new() { Kind = NormalizationKind.DivideByConstant, Divisor = divisor };

        /// <summary>(x - mean) / std per band; <paramref name="bands"/> names the entries (null: source channel order).</summary>
        public static NormalizationOptions MeanStd(IReadOnlyList<double> mean, IReadOnlyList<double> std, IReadOnlyList<string>? bands = null) =>
            new() { Kind = NormalizationKind.MeanStd, Mean = mean, Std = std, Bands = bands };

        /// <summary>The per-channel shift and scale (y = (x - shift) * scale) for a source's channels.</summary>
        /// <exception cref="ArgumentException">Statistics are missing, of the wrong length, lack one of the source's bands, or a std or divisor is not positive.</exception>
        public (double[] Shift, double[] Scale) Resolve(PatchSourceInfo info)
        {
            if (info == null) throw new ArgumentNullException(nameof(info));
            int channels = info.Channels;
            var shift = new double[channels];
            var scale = new double[channels];
            switch (Kind)
            {
                case NormalizationKind.None:
                    Array.Fill(scale, 1.0);
                    break;
                case NormalizationKind.DivideByConstant:
                    if (!(Divisor > 0) || double.IsInfinity(Divisor)) throw new ArgumentException($"The divisor must be positive and finite, not {Divisor}.", nameof(Divisor));
                    Array.Fill(scale, 1.0 / Divisor);
                    break;
                case NormalizationKind.Sentinel2BaselineOffset:
                    Array.Fill(shift, Sentinel2Offset);
                    Array.Fill(scale, 1.0 / Sentinel2Quantification);
                    break;
                case NormalizationKind.So2SatStatistics:
                    FillStatistics(info, So2SatBands.Sentinel2Mean, So2SatBands.Sentinel2Std, So2SatBands.Sentinel2, "the So2Sat statistics (Sentinel-2 only)", shift, scale);
                    break;
                case NormalizationKind.MeanStd:
                    if (Mean == null || Std == null) throw new ArgumentException("MeanStd needs Mean and Std.", nameof(Mean));
                    if (Mean.Count != Std.Count) throw new ArgumentException($"Mean has {Mean.Count} entries but Std has {Std.Count}.", nameof(Std));
                    if (Bands != null && Bands.Count != Mean.Count) throw new ArgumentException($"Bands has {Bands.Count} names for {Mean.Count} statistics.", nameof(Bands));
                    if (Bands == null && Mean.Count != channels)
                        throw new ArgumentException($"Mean and Std have {Mean.Count} entries but the source has {channels} channels; name them with Bands to select.", nameof(Mean));
                    FillStatistics(info, Mean, Std, Bands, "the given statistics", shift, scale);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown normalisation.");
            }
            return (shift, scale);
        }

        private static void FillStatistics(PatchSourceInfo info, IReadOnlyList<double> mean, IReadOnlyList<double> std, IReadOnlyList<string>? bands,
            string what, double[] shift, double[] scale)
        {
            for (int c = 0; c < info.Channels; c++)
            {
                int at = c;
                if (bands != null)
                {
                    at = -1;
                    for (int i = 0; i < bands.Count; i++)
                    {
                        if (string.Equals(bands[i], info.ChannelNames[c], StringComparison.OrdinalIgnoreCase)) at = i;
                    }
                    if (at < 0) throw new ArgumentException($"Band '{info.ChannelNames[c]}' has no entry in {what} ({string.Join(", ", bands)}).", nameof(bands));
                }
                if (!(std[at] > 0) || double.IsInfinity(std[at]))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The std of band '{info.ChannelNames[c]}' is {std[at]}; it must be positive."), nameof(std));
                shift[c] = mean[at];
                scale[c] = 1.0 / std[at];
            }
        }
    }
}
