using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;
using Msmla.Core.Data;

namespace Msmla.Core.Preprocessing
{
    /// <summary>
    /// Everything that turns raw data into a model's input, as typed data that travels with the model's weights (the
    /// sidecar of a saved model records it; TorchGeo's <c>Weights.transforms</c>, Keras' preprocessing layers): the
    /// bands in the order the model was trained on, their sensor, the scale of the raw values, the normalisation with
    /// all its numbers, and the patch size.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Raw values are what a patch file stores (So2Sat LCZ42: reflectance) or what a scene reader makes of digital
    /// numbers with <see cref="Scaling"/>: raw = (DN - <see cref="InputScaling.Offset"/>) / <see cref="InputScaling.Divisor"/>.
    /// The model's input is <see cref="Normalization"/> applied to the raw values of <see cref="Bands"/>, in that order.
    /// </para>
    /// <para>
    /// <see cref="FromSource"/> reads the pipeline off a prepared patch source (its channel names, sensor, scaling and
    /// normalisation, which Msmla.Data's readers and <c>Normalize</c> record in <see cref="PatchSourceInfo"/>), which is how
    /// the trainer learns what to save with the weights. Equality compares every band name and number.
    /// </para>
    /// </remarks>
    public sealed record InputPipeline
    {
        /// <summary>One band name per input channel, in the order the model expects them.</summary>
        public required IReadOnlyList<string> Bands { get; init; }

        /// <summary>The sensor the bands come from.</summary>
        public SensorModality Modality { get; init; }

        /// <summary>What the raw values are in terms of digital numbers. Default So2Sat's reflectance (DN / 10,000).</summary>
        public InputScaling Scaling { get; init; } = InputScaling.So2SatReflectance;

        /// <summary>The normalisation from raw values to model input, every number written out (<see cref="NormalizationOptions.ResolveFor"/>).</summary>
        public NormalizationOptions Normalization { get; init; } = NormalizationOptions.None;

        /// <summary>The side of the square patches (windows) the model was trained on, in pixels.</summary>
        public required int PatchSize { get; init; }

        /// <summary>The number of input channels (<see cref="Bands"/>' length).</summary>
        [JsonIgnore]
        public int Channels => Bands.Count;

        /// <summary>
        /// The pipeline a prepared source delivers: its channel names, sensor (<see cref="PatchSourceInfo.Modality"/>, else
        /// inferred from the names), scaling (null = reflectance), normalisation (null = none) and patch size.
        /// </summary>
        /// <exception cref="ArgumentException">The patches are not square, or the normalisation does not fit the channels.</exception>
        public static InputPipeline FromSource(PatchSourceInfo info)
        {
            ArgumentNullException.ThrowIfNull(info);
            if (info.Height != info.Width)
                throw new ArgumentException($"The source's patches are {info.Height} x {info.Width}; an input pipeline describes square patches.", nameof(info));
            IReadOnlyList<string> bands = info.ChannelNames.ToArray();
            return new InputPipeline
            {
                Bands = bands,
                Modality = info.Modality ?? SentinelBands.ModalityOf(bands),
                Scaling = info.Scaling ?? InputScaling.So2SatReflectance,
                Normalization = (info.Normalization ?? NormalizationOptions.None).ResolveFor(bands),
                PatchSize = info.Height,
            }.Validate();
        }

        /// <summary>
        /// The same pipeline with other bands (names or order) and the normalisation resolved for them: a statistics
        /// normalisation must have an entry for every new band.
        /// </summary>
        /// <exception cref="ArgumentException">A band is repeated or the normalisation has no numbers for one of them.</exception>
        public InputPipeline WithBands(IReadOnlyList<string> bands)
        {
            ArgumentNullException.ThrowIfNull(bands);
            return (this with
            {
                Bands = bands.ToArray(),
                Modality = SentinelBands.ModalityOf(bands) is var m && m != SensorModality.Other ? m : Modality,
                Normalization = Normalization.ResolveFor(bands),
            }).Validate();
        }

        /// <summary>The same pipeline with another normalisation, resolved for its bands.</summary>
        /// <exception cref="ArgumentException">The normalisation does not fit the bands.</exception>
        public InputPipeline WithNormalization(NormalizationOptions normalization)
        {
            ArgumentNullException.ThrowIfNull(normalization);
            return (this with { Normalization = normalization.ResolveFor(Bands) }).Validate();
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first problem: no or repeated bands, a bad patch size or scaling, a normalisation that does not fit.</summary>
        public InputPipeline Validate()
        {
            if (Bands is null || Bands.Count == 0) throw new ArgumentException("An input pipeline needs at least one band.", nameof(Bands));
            if (Bands.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("A band name of the input pipeline is empty.", nameof(Bands));
            string? repeated = Bands.GroupBy(b => b, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (repeated != null) throw new ArgumentException($"The input pipeline repeats the band '{repeated}'.", nameof(Bands));
            if (PatchSize < 1) throw new ArgumentException($"The input pipeline's patch size must be at least 1, not {PatchSize}.", nameof(PatchSize));
            if (!Enum.IsDefined(Modality)) throw new ArgumentException($"{(int)Modality} is not a sensor modality.", nameof(Modality));
            if (Scaling is null || !(Scaling.Divisor > 0) || double.IsInfinity(Scaling.Divisor) || !double.IsFinite(Scaling.Offset))
                throw new ArgumentException("The input pipeline's scaling needs a positive finite divisor and a finite offset.", nameof(Scaling));
            if (Normalization is null) throw new ArgumentException("The input pipeline's normalisation is null.", nameof(Normalization));
            Normalization.Resolve(Bands);
            return this;
        }

        /// <summary>
        /// What keeps raw patches described by <paramref name="raw"/> from being this pipeline's input, one sentence per
        /// difference (bands by name and order, channel count, patch size); empty when they fit. The raw source must not be
        /// normalised already.
        /// </summary>
        public IReadOnlyList<string> Differences(PatchSourceInfo raw)
        {
            ArgumentNullException.ThrowIfNull(raw);
            var differences = new List<string>();
            if (raw.Channels != Channels)
                differences.Add($"the model takes {Channels} channels ({string.Join(",", Bands)}) but the data have {raw.Channels} ({string.Join(",", raw.ChannelNames)})");
            else if (!raw.ChannelNames.SequenceEqual(Bands, StringComparer.OrdinalIgnoreCase))
                differences.Add($"the model takes the bands {string.Join(",", Bands)} in this order but the data have {string.Join(",", raw.ChannelNames)}");
            if (raw.Height != PatchSize || raw.Width != PatchSize)
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"the model was trained on {PatchSize} x {PatchSize} patches but the data have {raw.Height} x {raw.Width}"));
            if (raw.Normalization is { IsIdentity: false } applied)
                differences.Add($"the data are already normalised ({applied.Name}); give the raw source, the model applies its own normalisation ({Normalization.Name})");
            return differences;
        }

        /// <summary>A line for people: bands, sensor, scaling, normalisation and patch size.</summary>
        public string Describe() =>
            string.Create(CultureInfo.InvariantCulture,
                $"{Channels} bands {string.Join(",", Bands)} ({Modality}), {Scaling.Description}, normalisation {Normalization.Name}, {PatchSize} x {PatchSize} patches");

        /// <summary>Whether every band name (case-insensitive, in order), the sensor, scaling, normalisation and patch size are equal.</summary>
        public bool Equals(InputPipeline? other) =>
            other is not null && Modality == other.Modality && PatchSize == other.PatchSize
            && Bands.SequenceEqual(other.Bands, StringComparer.OrdinalIgnoreCase)
            && Scaling.Divisor == other.Scaling.Divisor && Scaling.Offset == other.Scaling.Offset
            && Normalization.Equals(other.Normalization);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Modality, PatchSize, Bands.Count, Scaling.Divisor, Normalization);
    }
}
