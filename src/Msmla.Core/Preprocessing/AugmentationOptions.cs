using System;

namespace Msmla.Core.Preprocessing
{
    /// <summary>
    /// Random geometric augmentation of patches, drawn independently per patch from (seed, epoch, patch
    /// index). A plain record that stores as JSON in a recipe; apply it with Msmla.Data's <c>Augment</c>.
    /// Order: horizontal flip, vertical flip, quarter turns, then rotation by an arbitrary angle (bilinear).
    /// </summary>
    public sealed record AugmentationOptions
    {
        /// <summary>Mirror left-right with probability 1/2.</summary>
        public bool HorizontalFlip { get; init; }

        /// <summary>Mirror top-bottom with probability 1/2.</summary>
        public bool VerticalFlip { get; init; }

        /// <summary>Rotate by 0, 90, 180 or 270 degrees counter-clockwise, each with probability 1/4 (square patches only).</summary>
        public bool Rotate90 { get; init; }

        /// <summary>Rotate by an angle drawn uniformly from [-max, +max] degrees (counter-clockwise positive); 0 turns it off.</summary>
        public double MaxRotationDegrees { get; init; }

        /// <summary>How the rotation fills pixels coming from outside the patch.</summary>
        public BorderMode Border { get; init; } = BorderMode.Reflect;

        /// <summary>
        /// The released MSMLA training recipe: horizontal and vertical flips and rotations within +-90
        /// degrees, edge pixels repeated outside the patch (Keras' ImageDataGenerator default fill).
        /// </summary>
        public static AugmentationOptions MsmlaRecipe { get; } = new()
        {
            HorizontalFlip = true,
            VerticalFlip = true,
            MaxRotationDegrees = 90,
            Border = BorderMode.Nearest,
        };

        /// <summary>Random horizontal and vertical flips.</summary>
        public static AugmentationOptions Flips { get; } = new() { HorizontalFlip = true, VerticalFlip = true };

        /// <summary>Flips and quarter turns: the 8 dihedral transforms of a square patch, with equal probability.</summary>
        public static AugmentationOptions Dihedral { get; } = new() { HorizontalFlip = true, VerticalFlip = true, Rotate90 = true };

        /// <summary>Whether nothing is changed.</summary>
        public bool IsIdentity => !HorizontalFlip && !VerticalFlip && !Rotate90 && MaxRotationDegrees == 0;

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
        public AugmentationOptions Validate()
        {
            if (!(MaxRotationDegrees >= 0 && MaxRotationDegrees <= 180))
                throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "The rotation range is 0 to 180 degrees.");
            if (!Enum.IsDefined(Border)) throw new ArgumentOutOfRangeException(nameof(Border), Border, "Unknown border mode.");
            return this;
        }
    }
}
