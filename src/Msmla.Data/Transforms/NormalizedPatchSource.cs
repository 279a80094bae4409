using System;
using System.Numerics;
using System.Runtime.InteropServices;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.Transforms
{
    /// <summary>A source whose patches are normalised channel by channel (see <see cref="NormalizationOptions"/>).</summary>
    public sealed class NormalizedPatchSource : TransformedPatchSource
    {
        private readonly float[] _shift;
        private readonly float[] _scale;

        /// <summary>Normalises <paramref name="inner"/>'s patches; the options are resolved against its channels now.</summary>
        /// <exception cref="ArgumentException">The options do not fit the source's channels.</exception>
        public NormalizedPatchSource(IPatchSource inner, NormalizationOptions options)
            : base(inner)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            (double[] shift, double[] scale) = options.Resolve(inner.Info);
            _shift = Array.ConvertAll(shift, v => (float)v);
            _scale = Array.ConvertAll(scale, v => (float)v);
            PatchSourceInfo info = inner.Info;
            Info = info with { Normalization = NormalizationOptions.Compose(info.Normalization ?? NormalizationOptions.None, options, info.ChannelNames).ResolveFor(info.ChannelNames) };
        }

        /// <summary>
        /// The inner source's description with <see cref="PatchSourceInfo.Normalization"/> set to everything applied so far
        /// (this normalisation after any applied before it), every number written out.
        /// </summary>
        public override PatchSourceInfo Info { get; }

        /// <summary>The normalisation applied.</summary>
        public NormalizationOptions Options { get; }

        /// <inheritdoc />
        protected override void Transform(PatchBatch batch, int epoch)
        {
            if (Options.Kind == NormalizationKind.None) return;
            int pixels = batch.Height * batch.Width;
            for (int i = 0; i < batch.Count; i++)
            {
                Span<float> patch = batch.Patch(i);
                for (int c = 0; c < batch.Channels; c++) Apply(patch.Slice(c * pixels, pixels), _shift[c], _scale[c]);
            }
        }

        private static void Apply(Span<float> plane, float shift, float scale)
        {
            Span<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(plane);
            var s = new Vector<float>(shift);
            var k = new Vector<float>(scale);
            for (int v = 0; v < vectors.Length; v++) vectors[v] = (vectors[v] - s) * k;
            for (int p = vectors.Length * Vector<float>.Count; p < plane.Length; p++) plane[p] = (plane[p] - shift) * scale;
        }
    }
}
