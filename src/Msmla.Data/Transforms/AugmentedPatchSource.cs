using System;
using System.Collections.Concurrent;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.Transforms
{
    /// <summary>
    /// A source whose patches are randomly flipped and rotated (see <see cref="AugmentationOptions"/>).
    /// Each patch's augmentation depends only on (seed, epoch, patch index), so the same seed reproduces
    /// the same batches, also when a run is resumed.
    /// </summary>
    public sealed class AugmentedPatchSource : TransformedPatchSource
    {
        private readonly ConcurrentBag<(int[] Taps, float[] Weights, float[] Scratch)> _buffers = new();

        /// <summary>Augments <paramref name="inner"/>'s patches.</summary>
        /// <exception cref="ArgumentException">Quarter turns asked for patches that are not square.</exception>
        public AugmentedPatchSource(IPatchSource inner, AugmentationOptions options, int seed)
            : base(inner)
        {
            Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
            if (options.Rotate90 && inner.Info.Height != inner.Info.Width)
                throw new ArgumentException($"Quarter turns need square patches; this source's are {inner.Info.Height}x{inner.Info.Width}.", nameof(options));
            Seed = seed;
            Info = inner.Info with { Augmentation = Options.IsIdentity ? inner.Info.Augmentation : Options, AugmentationSeed = Options.IsIdentity ? inner.Info.AugmentationSeed : seed };
        }

        /// <summary>The inner source's description with <see cref="PatchSourceInfo.Augmentation"/> and its seed set.</summary>
        public override PatchSourceInfo Info { get; }

        /// <summary>The augmentation.</summary>
        public AugmentationOptions Options { get; }

        /// <summary>The seed of the draws.</summary>
        public int Seed { get; }

        /// <inheritdoc />
        protected override void Transform(PatchBatch batch, int epoch)
        {
            if (Options.IsIdentity) return;
            int pixels = batch.Height * batch.Width;
            // Work buffers live with the source: each epoch's prefetch thread is new, so per-thread buffers would be remade every epoch.
            if (!_buffers.TryTake(out var buffers) || buffers.Scratch.Length < pixels)
                buffers = (new int[pixels * 4], new float[pixels * 4], new float[pixels]);
            try
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    PatchAugmentation drawn = PatchAugmentation.Draw(Options, Seed, epoch, batch.Indices[i]);
                    PatchGeometry.Apply(drawn, batch.Patch(i), batch.Channels, batch.Height, batch.Width, Options.Border, buffers.Taps, buffers.Weights, buffers.Scratch);
                }
            }
            finally
            {
                _buffers.Add(buffers);
            }
        }
    }
}
