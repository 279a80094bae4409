using Msmla.Data.Transforms;
using Msmla.Models.Training;

namespace Msmla.Cli.Commands.Train
{
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
