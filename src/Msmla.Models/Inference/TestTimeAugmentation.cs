using System;
using static TorchSharp.torch;

namespace Msmla.Models.Inference
{
    /// <summary>The 8 dihedral transforms of a square patch (rotations by multiples of 90 degrees, with and without a flip).</summary>
    internal static class TestTimeAugmentation
    {
        /// <summary>The number of transforms.</summary>
        public const int TransformCount = 8;

        /// <summary>
        /// Applies transform <paramref name="index"/> (0-7) to a batch [N, C, H, W]: indices 0-3 rotate by
        /// 0, 90, 180, 270 degrees; 4-7 flip the width axis first and then rotate the same way.
        /// </summary>
        /// <exception cref="ArgumentException">The patches are not square (for rotations) or not 4-D.</exception>
        public static Tensor Apply(Tensor batch, int index)
        {
            ArgumentNullException.ThrowIfNull(batch);
            if ((uint)index >= TransformCount) throw new ArgumentOutOfRangeException(nameof(index), index, "A dihedral transform index is 0 to 7.");
            if (batch.dim() != 4) throw new ArgumentException($"Expected a batch [N, C, H, W]; got [{string.Join(", ", batch.shape)}].", nameof(batch));
            if (batch.size(2) != batch.size(3))
                throw new ArgumentException($"Test-time augmentation rotates patches and needs square ones; got {batch.size(2)}x{batch.size(3)}.", nameof(batch));
            int rotations = index % 4;
            if (index < 4) return rotations == 0 ? batch.alias() : batch.rot90(rotations, (2, 3));
            using Tensor flipped = batch.flip(3);
            return rotations == 0 ? flipped.alias() : flipped.rot90(rotations, (2, 3));
        }
    }
}
