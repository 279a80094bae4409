using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;

namespace Msmla.Models
{
    /// <summary>
    /// Everything that shapes an LCZ network. The defaults reproduce the released Keras models for 10 bands,
    /// 17 classes and 32 x 32 patches; options left null take the architecture's published value
    /// (<see cref="ResolveFor"/> fills them in, and a created model's <see cref="LczModel.Options"/> is always resolved).
    /// The record round-trips through System.Text.Json (it is stored beside saved weights).
    /// </summary>
    public sealed record LczModelOptions
    {
        /// <summary>Input channels (spectral bands and any ancillary layers). Default 10.</summary>
        public int Bands { get; init; } = 10;

        /// <summary>Output classes. Default 17 (the LCZ scheme).</summary>
        public int Classes { get; init; } = 17;

        /// <summary>
        /// Side of the square input patch in pixels. Default 32 (So2Sat LCZ42). Only the CNN of Rosentreter et al.
        /// depends on it structurally (its flatten width); the others pool globally and accept any size from their
        /// minimum, but the value is kept as the size the model is meant for.
        /// </summary>
        public int PatchSize { get; init; } = 32;

        /// <summary>
        /// Channels of each stage. Null = the architecture's: MSMLA [16, 32, 64] (bottleneck output 4x);
        /// Sen2LCZ-Net and CNN [16, 32, 64, 128]; LCZNet [64, 128, 256].
        /// </summary>
        public int[]? StageWidths { get; init; }

        /// <summary>
        /// Depth of each stage: residual blocks for MSMLA (18: [2, 2, 2], 50: [3, 4, 6]) and LCZNet ([2, 2, 2]);
        /// 3x3 convolutions per block for Sen2LCZ-Net ([4, 4, 4, 4], "depth 17") and the CNN ([1, 1, 1, 1]).
        /// Null = the architecture's.
        /// </summary>
        public int[]? StageDepths { get; init; }

        /// <summary>Squeeze-and-Excitation reduction ratio (MSMLA, LCZNet). Null = the architecture's: MSMLA 8, LCZNet 16.</summary>
        public int? SeRatio { get; init; }

        /// <summary>CBAM channel-attention reduction ratio (MSMLA). Default 8.</summary>
        public int CbamRatio { get; init; } = 8;

        /// <summary>CBAM spatial-attention kernel size (MSMLA, odd). Default 7.</summary>
        public int CbamKernelSize { get; init; } = 7;

        /// <summary>CBAM channel attention as released with MSMLA (default) or as in the CBAM paper.</summary>
        public CbamVariant Cbam { get; init; } = CbamVariant.Released;

        /// <summary>
        /// Dropout rate. Null = the architecture's: 0.2 for Sen2LCZ-Net (after the pooled outputs of blocks 2 and 3),
        /// 0 elsewhere (applied before the classifier for MSMLA and LCZNet, after the hidden dense layer for the CNN).
        /// </summary>
        public double? DropoutRate { get; init; }

        /// <summary>Units of the CNN's hidden dense layer. Null = 256.</summary>
        public int? DenseUnits { get; init; }

        /// <summary>BatchNorm epsilon. Default 1e-3 (Keras).</summary>
        public double BatchNormEpsilon { get; init; } = 1e-3;

        /// <summary>
        /// BatchNorm moving-average momentum in the Keras sense (weight of the old statistic). Default 0.99,
        /// which is TorchSharp momentum 0.01. With Keras' momentum 0.99 the running statistics need on the order of
        /// hundreds of updates to settle, so very short runs (a few hundred steps, like <c>msmla demo</c>) evaluate poorly
        /// in eval mode although they train well; use 0.9 there (the demo does).
        /// </summary>
        public double BatchNormMomentum { get; init; } = 0.99;

        /// <summary>Seed of the weight initialisation; null draws from TorchSharp's global generator.</summary>
        public long? Seed { get; init; }

        /// <summary>The TorchSharp (PyTorch-sense) BatchNorm momentum: 1 - <see cref="BatchNormMomentum"/>.</summary>
        [JsonIgnore]
        public double TorchBatchNormMomentum => 1.0 - BatchNormMomentum;

        /// <summary>
        /// Returns a copy with every null option replaced by the architecture's value, after checking all values.
        /// </summary>
        /// <exception cref="ArgumentException">An option is out of range for the architecture; the message names it.</exception>
        public LczModelOptions ResolveFor(LczArchitecture architecture)
        {
            ArchitectureDefaults d = ArchitectureDefaults.For(architecture);
            LczModelOptions resolved = this with
            {
                StageWidths = (StageWidths ?? d.StageWidths).ToArray(),
                StageDepths = (StageDepths ?? d.StageDepths).ToArray(),
                SeRatio = SeRatio ?? d.SeRatio,
                DropoutRate = DropoutRate ?? d.DropoutRate,
                DenseUnits = DenseUnits ?? d.DenseUnits,
            };
            resolved.Validate(architecture);
            return resolved;
        }

        private void Validate(LczArchitecture architecture)
        {
            string model = ArchitectureDefaults.For(architecture).Name;
            int[] widths = StageWidths!;
            int[] depths = StageDepths!;
            if (Bands < 1) Fail(nameof(Bands), $"must be at least 1 (got {Bands})");
            if (Classes < 2) Fail(nameof(Classes), $"must be at least 2 (got {Classes})");
            if (widths.Length == 0) Fail(nameof(StageWidths), "needs at least one stage");
            if (depths.Length != widths.Length)
                Fail(nameof(StageDepths), $"has {depths.Length} entries but {nameof(StageWidths)} has {widths.Length}; give one depth per stage");
            for (int i = 0; i < widths.Length; i++)
            {
                if (widths[i] < 1) Fail(nameof(StageWidths), $"stage {i + 1} width must be at least 1 (got {widths[i]})");
                if (depths[i] < 1) Fail(nameof(StageDepths), $"stage {i + 1} depth must be at least 1 (got {depths[i]})");
            }
            if (architecture is LczArchitecture.Msmla18 or LczArchitecture.Msmla50 or LczArchitecture.LczNet)
            {
                int seWidthFactor = architecture == LczArchitecture.Msmla50 ? 4 : 1;
                foreach (int w in widths)
                {
                    if (w * seWidthFactor / SeRatio!.Value < 1)
                        Fail(nameof(SeRatio), $"{SeRatio} leaves no hidden unit in the SE block of a {w * seWidthFactor}-channel stage");
                }
                if (SeRatio < 1) Fail(nameof(SeRatio), $"must be at least 1 (got {SeRatio})");
            }
            if (architecture is LczArchitecture.Msmla18 or LczArchitecture.Msmla50)
            {
                if (CbamRatio < 1) Fail(nameof(CbamRatio), $"must be at least 1 (got {CbamRatio})");
                foreach (int w in widths.Prepend(ArchitectureDefaults.MsmlaStemWidth))
                {
                    if (w / CbamRatio < 1) Fail(nameof(CbamRatio), $"{CbamRatio} leaves no hidden unit in the CBAM of a {w}-channel feature map");
                }
                if (CbamKernelSize < 1 || CbamKernelSize % 2 == 0) Fail(nameof(CbamKernelSize), $"must be a positive odd number (got {CbamKernelSize})");
            }
            if (DropoutRate is < 0 or >= 1 || double.IsNaN(DropoutRate!.Value)) Fail(nameof(DropoutRate), $"must be in [0, 1) (got {DropoutRate})");
            if (DenseUnits < 1) Fail(nameof(DenseUnits), $"must be at least 1 (got {DenseUnits})");
            if (!(BatchNormEpsilon > 0)) Fail(nameof(BatchNormEpsilon), $"must be positive (got {BatchNormEpsilon})");
            if (!(BatchNormMomentum >= 0 && BatchNormMomentum < 1)) Fail(nameof(BatchNormMomentum), $"must be in [0, 1), Keras sense (got {BatchNormMomentum})");

            int minimum = ArchitectureDefaults.MinimumPatchSize(architecture, widths.Length);
            if (PatchSize < minimum)
            {
                string why = architecture == LczArchitecture.RosentreterCnn
                    ? $"its {widths.Length} 2x2 max-pools must leave at least one pixel to flatten"
                    : "its pooling and strides must leave at least one pixel";
                Fail(nameof(PatchSize), $"must be at least {minimum} for {model} ({why}); got {PatchSize}");
            }

            void Fail(string option, string problem) =>
                throw new ArgumentException($"Invalid {model} option {option}: {problem}.", option);
        }

        /// <summary>Compares every option, including the stage arrays element by element.</summary>
        public bool Equals(LczModelOptions? other)
        {
            if (other is null) return false;
            if (ReferenceEquals(this, other)) return true;
            return Bands == other.Bands && Classes == other.Classes && PatchSize == other.PatchSize
                && SameArray(StageWidths, other.StageWidths) && SameArray(StageDepths, other.StageDepths)
                && SeRatio == other.SeRatio && CbamRatio == other.CbamRatio && CbamKernelSize == other.CbamKernelSize
                && Cbam == other.Cbam && Nullable.Equals(DropoutRate, other.DropoutRate) && DenseUnits == other.DenseUnits
                && BatchNormEpsilon.Equals(other.BatchNormEpsilon) && BatchNormMomentum.Equals(other.BatchNormMomentum)
                && Seed == other.Seed;
        }

        /// <summary>A hash consistent with <see cref="Equals(LczModelOptions?)"/>.</summary>
        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Bands);
            hash.Add(Classes);
            hash.Add(PatchSize);
            foreach (int w in StageWidths ?? Array.Empty<int>()) hash.Add(w);
            foreach (int d in StageDepths ?? Array.Empty<int>()) hash.Add(d);
            hash.Add(SeRatio);
            hash.Add(CbamRatio);
            hash.Add(CbamKernelSize);
            hash.Add(Cbam);
            hash.Add(DropoutRate);
            hash.Add(DenseUnits);
            hash.Add(BatchNormEpsilon);
            hash.Add(BatchNormMomentum);
            hash.Add(Seed);
            return hash.ToHashCode();
        }

        private bool PrintMembers(System.Text.StringBuilder builder)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"Bands = {Bands}, Classes = {Classes}, PatchSize = {PatchSize}, StageWidths = {Format(StageWidths)}, " +
                $"StageDepths = {Format(StageDepths)}, SeRatio = {SeRatio}, CbamRatio = {CbamRatio}, CbamKernelSize = {CbamKernelSize}, " +
                $"Cbam = {Cbam}, DropoutRate = {DropoutRate}, DenseUnits = {DenseUnits}, BatchNormEpsilon = {BatchNormEpsilon}, " +
                $"BatchNormMomentum = {BatchNormMomentum}, Seed = {Seed}");
            return true;
        }

        private static string Format(IReadOnlyList<int>? values) => values == null ? "null" : "[" + string.Join(", ", values) + "]";

        private static bool SameArray(int[]? a, int[]? b) =>
            a == null ? b == null : b != null && a.AsSpan().SequenceEqual(b);
    }
}
