using Msmla.Data.Transforms;
using Msmla.Models.Training;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>The training-data augmentation of <c>msmla train --augment</c>.</summary>
    internal enum AugmentationChoice
    {
        /// <summary>What the recipe asks for (none with <c>--trainer-options</c>).</summary>
        Recipe,

        /// <summary>No augmentation.</summary>
        None,

        /// <summary>Random horizontal and vertical flips.</summary>
        Flips,

        /// <summary>Flips and quarter turns (the 8 dihedral transforms).</summary>
        Dihedral,

        /// <summary>The released MSMLA script: flips and rotations within +-90 degrees, edge pixels repeated.</summary>
        Msmla,
    }

    /// <summary>Turns the choice into Msmla.Data's augmentation options.</summary>
    internal static class AugmentationChoices
    {
        /// <summary>The augmentation to apply, or null for none.</summary>
        public static AugmentationOptions? Resolve(AugmentationChoice choice, TrainingRecipe? recipe) => choice switch
        {
            AugmentationChoice.None => null,
            AugmentationChoice.Flips => new AugmentationOptions { HorizontalFlip = true, VerticalFlip = true },
            AugmentationChoice.Dihedral => new AugmentationOptions { HorizontalFlip = true, VerticalFlip = true, Rotate90 = true },
            AugmentationChoice.Msmla => AugmentationOptions.MsmlaRecipe,
            _ => recipe is { Augments: true }
                ? new AugmentationOptions { HorizontalFlip = recipe.Flips, VerticalFlip = recipe.Flips, MaxRotationDegrees = recipe.MaxRotationDegrees, Border = BorderMode.Nearest }
                : null,
        };
    }
}
