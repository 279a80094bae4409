using Msmla.Core.Data;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.Transforms
{
    /// <summary>The augmentation drawn for one patch.</summary>
    /// <param name="FlipHorizontal">Mirror left-right.</param>
    /// <param name="FlipVertical">Mirror top-bottom.</param>
    /// <param name="QuarterTurns">Counter-clockwise quarter turns, 0 to 3 (as <c>numpy.rot90</c>).</param>
    /// <param name="RotationDegrees">Then rotate counter-clockwise by this angle (as <c>scipy.ndimage.rotate</c>).</param>
    internal readonly record struct PatchAugmentation(bool FlipHorizontal, bool FlipVertical, int QuarterTurns, double RotationDegrees)
    {
        /// <summary>Draws the augmentation of patch <paramref name="index"/> in epoch <paramref name="epoch"/>: fixed by (seed, epoch, index).</summary>
        public static PatchAugmentation Draw(AugmentationOptions options, int seed, int epoch, long index)
        {
            var random = SeededRandom.For((long)SeededRandom.Combine((ulong)seed, 0x4155474DUL /* "AUGM" */), epoch, index);
            bool horizontal = options.HorizontalFlip && random.NextBoolean();
            bool vertical = options.VerticalFlip && random.NextBoolean();
            int turns = options.Rotate90 ? random.NextInt(4) : 0;
            double angle = options.MaxRotationDegrees > 0 ? (random.NextDouble() * 2 - 1) * options.MaxRotationDegrees : 0;
            return new PatchAugmentation(horizontal, vertical, turns, angle);
        }
    }
}
