using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;
using Msmla.Core.Data;

namespace Msmla.Core.Preprocessing
{
    /// <summary>
    /// One normalisation step, as a plain record that stores as JSON (in a model's input pipeline, a recipe or a run
    /// manifest). Every kind is a per-channel affine map y = (x - shift_c) x scale_c, resolved against channel names; Msmla.Data's
    /// <c>Normalize</c> applies it to a patch source. <see cref="ResolveFor"/> writes every number out (means and
    /// standard deviations per band, divisor, offset), which is the form a saved model records.
    /// </summary>
    /// <remarks>
    /// The numbers decide: <see cref="NormalizationKind.So2SatStatistics"/> without <see cref="Mean"/>/<see cref="Std"/>
    /// takes the published table (<see cref="SentinelBands.So2SatSentinel2Mean"/>), with them the given values;
    /// <see cref="NormalizationKind.Sentinel2BaselineOffset"/> without <see cref="Offset"/>/<see cref="Divisor"/> is
    /// (x - 1000) / 10000. Equality compares the kind and every number.
    /// </remarks>
    public sealed record NormalizationOptions
    {
        /// <summary>The Sentinel-2 baseline-04.00 offset in digital numbers.</summary>
        public const double Sentinel2Offset = 1000;

        /// <summary>The Sentinel-2 quantification value (digital numbers per unit reflectance).</summary>
        public const double Sentinel2Quantification = 10000;

        /// <summary>The kind of normalisation.</summary>
        public NormalizationKind Kind { get; init; }

        /// <summary>Per-band means for <see cref="NormalizationKind.MeanStd"/> (and a resolved <see cref="NormalizationKind.So2SatStatistics"/>).</summary>
        public IReadOnlyList<double>? Mean { get; init; }

        /// <summary>Per-band standard deviations, beside <see cref="Mean"/>.</summary>
        public IReadOnlyList<double>? Std { get; init; }

        /// <summary>
        /// The band names of <see cref="Mean"/> and <see cref="Std"/>: each channel takes the entry of its name (so statistics of
        /// all bands serve a selection in any order). Null: the entries are in the channel order.
        /// </summary>
        public IReadOnlyList<string>? Bands { get; init; }

        /// <summary>
        /// The divisor of <see cref="NormalizationKind.DivideByConstant"/> (required) and
        /// <see cref="NormalizationKind.Sentinel2BaselineOffset"/> (null = 10,000).
        /// </summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? Divisor { get; init; }

        /// <summary>
        /// The value subtracted before dividing, for <see cref="NormalizationKind.DivideByConstant"/> (null = 0) and
        /// <see cref="NormalizationKind.Sentinel2BaselineOffset"/> (null = 1,000).
        /// </summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? Offset { get; init; }

        /// <summary>No change.</summary>
        public static NormalizationOptions None { get; } = new();

        /// <summary>The published So2Sat v2 statistics, taken for the channels by name (Sentinel-2 bands only).</summary>
        public static NormalizationOptions So2SatStatistics { get; } = new() { Kind = NormalizationKind.So2SatStatistics };

        /// <summary>Sentinel-2 baseline 04.00: (DN - 1000) / 10000.</summary>
        public static NormalizationOptions Sentinel2BaselineOffset { get; } = new() { Kind = NormalizationKind.Sentinel2BaselineOffset };

        /// <summary>(x - <paramref name="offset"/>) / <paramref name="divisor"/>, for example x / 5000 for LCZNet.</summary>
        public static NormalizationOptions DivideBy(double divisor, double offset = 0) =>
            new() { Kind = NormalizationKind.DivideByConstant, Divisor = divisor, Offset = offset };

        /// <summary>(x - mean) / std per band; <paramref name="bands"/> names the entries (null: channel order).</summary>
        public static NormalizationOptions MeanStd(IReadOnlyList<double> mean, IReadOnlyList<double> std, IReadOnlyList<string>? bands = null) =>
            new() { Kind = NormalizationKind.MeanStd, Mean = mean, Std = std, Bands = bands };

        /// <summary>The names <see cref="TryParse"/> knows, the normalisations that need no numbers: none, so2sat-stats, s2-baseline.</summary>
        public static IReadOnlyList<string> Names { get; } = new[] { "none", "so2sat-stats", "s2-baseline" };

        /// <summary>The normalisation one of <see cref="Names"/> stands for (the command line's <c>--normalize</c>); false for any other text.</summary>
        public static bool TryParse(string? name, [NotNullWhen(true)] out NormalizationOptions? options)
        {
            options = name switch
            {
                "none" => None,
                "so2sat-stats" => So2SatStatistics,
                "s2-baseline" => Sentinel2BaselineOffset,
                _ => null,
            };
            return options != null;
        }

        /// <summary>The short name used on the command line and in logs: none, so2sat-stats, s2-baseline, divide or mean-std.</summary>
        [JsonIgnore]
        public string Name => Kind switch
        {
            NormalizationKind.None => "none",
            NormalizationKind.So2SatStatistics => "so2sat-stats",
            NormalizationKind.Sentinel2BaselineOffset => "s2-baseline",
            NormalizationKind.DivideByConstant => "divide",
            NormalizationKind.MeanStd => "mean-std",
            _ => Kind.ToString(),
        };

        /// <summary>Whether nothing is changed (the kind is <see cref="NormalizationKind.None"/>).</summary>
        [JsonIgnore]
        public bool IsIdentity => Kind == NormalizationKind.None;

        /// <summary>The per-channel shift and scale (y = (x - shift) x scale) for a source's channels.</summary>
        /// <exception cref="ArgumentException">See <see cref="Resolve(IReadOnlyList{string})"/>.</exception>
        public (double[] Shift, double[] Scale) Resolve(PatchSourceInfo info)
        {
            ArgumentNullException.ThrowIfNull(info);
            return Resolve(info.ChannelNames);
        }

        /// <summary>The per-channel shift and scale (y = (x - shift) x scale) for channels with these names, in this order.</summary>
        /// <exception cref="ArgumentException">
        /// Statistics are missing, of the wrong length, lack one of the channels, or a std or divisor is not positive and finite.
        /// </exception>
        public (double[] Shift, double[] Scale) Resolve(IReadOnlyList<string> channels)
        {
            ArgumentNullException.ThrowIfNull(channels);
            int count = channels.Count;
            var shift = new double[count];
            var scale = new double[count];
            switch (Kind)
            {
                case NormalizationKind.None:
                    Array.Fill(scale, 1.0);
                    break;
                case NormalizationKind.DivideByConstant:
                case NormalizationKind.Sentinel2BaselineOffset:
                    (double offset, double divisor) = OffsetAndDivisor();
                    Array.Fill(shift, offset);
                    Array.Fill(scale, 1.0 / divisor);
                    break;
                case NormalizationKind.So2SatStatistics:
                case NormalizationKind.MeanStd:
                    (double[] mean, double[] std) = Statistics(channels);
                    for (int c = 0; c < count; c++)
                    {
                        shift[c] = mean[c];
                        scale[c] = 1.0 / std[c];
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown normalisation.");
            }
            return (shift, scale);
        }

        /// <summary>
        /// The same normalisation with every number written out for channels with these names, in this order: means and
        /// standard deviations per channel (Bands = <paramref name="channels"/>) for the statistics kinds, offset and divisor
        /// for the affine kinds. The kind is kept, so the name still says where the numbers come from.
        /// </summary>
        /// <exception cref="ArgumentException">The normalisation does not fit the channels (see <see cref="Resolve(IReadOnlyList{string})"/>).</exception>
        public NormalizationOptions ResolveFor(IReadOnlyList<string> channels)
        {
            ArgumentNullException.ThrowIfNull(channels);
            switch (Kind)
            {
                case NormalizationKind.None:
                    return None;
                case NormalizationKind.DivideByConstant:
                case NormalizationKind.Sentinel2BaselineOffset:
                    (double offset, double divisor) = OffsetAndDivisor();
                    return this with { Offset = offset, Divisor = divisor, Mean = null, Std = null, Bands = null };
                default:
                    (double[] mean, double[] std) = Statistics(channels);
                    return this with { Mean = mean, Std = std, Bands = channels.ToArray(), Offset = null, Divisor = null };
            }
        }

        /// <summary>
        /// The single normalisation that equals applying <paramref name="first"/> and then <paramref name="then"/> to channels
        /// with these names: a <see cref="NormalizationKind.MeanStd"/> with the combined numbers, or one of the two when the
        /// other is the identity.
        /// </summary>
        public static NormalizationOptions Compose(NormalizationOptions first, NormalizationOptions then, IReadOnlyList<string> channels)
        {
            ArgumentNullException.ThrowIfNull(first);
            ArgumentNullException.ThrowIfNull(then);
            if (then.IsIdentity) return first;
            if (first.IsIdentity) return then;
            (double[] s1, double[] k1) = first.Resolve(channels);
            (double[] s2, double[] k2) = then.Resolve(channels);
            // ((x - s1) k1 - s2) k2 = (x - (s1 + s2 / k1)) (k1 k2)
            double[] mean = s1.Select((s, c) => s + s2[c] / k1[c]).ToArray();
            double[] std = k1.Select((k, c) => 1.0 / (k * k2[c])).ToArray();
            return MeanStd(mean, std, channels.ToArray());
        }

        /// <summary>Whether the kind and every number are equal (lists compared element by element).</summary>
        public bool Equals(NormalizationOptions? other) =>
            other is not null && Kind == other.Kind && Divisor == other.Divisor && Offset == other.Offset
            && SameList(Mean, other.Mean) && SameList(Std, other.Std)
            && SameNames(Bands, other.Bands);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Kind, Divisor, Offset, Mean?.Count, Bands?.Count);

        private static bool SameList(IReadOnlyList<double>? a, IReadOnlyList<double>? b) =>
            a == null || b == null ? a == b : a.SequenceEqual(b);

        private static bool SameNames(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
            a == null || b == null ? a == b : a.SequenceEqual(b, StringComparer.OrdinalIgnoreCase);

        private (double Offset, double Divisor) OffsetAndDivisor()
        {
            bool baseline = Kind == NormalizationKind.Sentinel2BaselineOffset;
            double offset = Offset ?? (baseline ? Sentinel2Offset : 0);
            double divisor = Divisor ?? (baseline ? Sentinel2Quantification : throw new ArgumentException("DivideByConstant needs a Divisor.", nameof(Divisor)));
            if (!(divisor > 0) || double.IsInfinity(divisor))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The divisor must be positive and finite, not {divisor}."), nameof(Divisor));
            if (!double.IsFinite(offset))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The offset must be finite, not {offset}."), nameof(Offset));
            return (offset, divisor);
        }

        /// <summary>The mean and standard deviation of each channel, for the statistics kinds.</summary>
        private (double[] Mean, double[] Std) Statistics(IReadOnlyList<string> channels)
        {
            IReadOnlyList<double>? mean = Mean, std = Std;
            IReadOnlyList<string>? bands = Bands;
            string what = "the given statistics";
            if (Kind == NormalizationKind.So2SatStatistics && mean == null && std == null)
            {
                (mean, std, bands) = (SentinelBands.So2SatSentinel2Mean, SentinelBands.So2SatSentinel2Std, SentinelBands.Sentinel2);
                what = "the So2Sat statistics (Sentinel-2 only)";
            }
            if (mean == null || std == null) throw new ArgumentException($"{Kind} needs both Mean and Std.", nameof(Mean));
            if (mean.Count != std.Count) throw new ArgumentException($"Mean has {mean.Count} entries but Std has {std.Count}.", nameof(Std));
            if (bands != null && bands.Count != mean.Count) throw new ArgumentException($"Bands has {bands.Count} names for {mean.Count} statistics.", nameof(Bands));
            if (bands == null && mean.Count != channels.Count)
                throw new ArgumentException($"Mean and Std have {mean.Count} entries but there are {channels.Count} channels; name them with Bands to select.", nameof(Mean));
            var m = new double[channels.Count];
            var s = new double[channels.Count];
            for (int c = 0; c < channels.Count; c++)
            {
                int at = c;
                if (bands != null)
                {
                    at = -1;
                    for (int i = 0; i < bands.Count; i++)
                    {
                        if (string.Equals(bands[i], channels[c], StringComparison.OrdinalIgnoreCase)) at = i;
                    }
                    if (at < 0) throw new ArgumentException($"Band '{channels[c]}' has no entry in {what} ({string.Join(", ", bands)}).", nameof(Bands));
                }
                if (!(std[at] > 0) || double.IsInfinity(std[at]))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The std of band '{channels[c]}' is {std[at]}; it must be positive."), nameof(Std));
                if (!double.IsFinite(mean[at]))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The mean of band '{channels[c]}' is {mean[at]}; it must be finite."), nameof(Mean));
                m[c] = mean[at];
                s[c] = std[at];
            }
            return (m, s);
        }
    }
}
