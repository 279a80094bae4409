using System;
using Msmla.Core.Preprocessing;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>The names of <c>msmla train --augment</c> and the library's augmentations they stand for.</summary>
    internal static class AugmentationChoice
    {
        /// <summary>The accepted names; "recipe" (the default) leaves the choice to the recipe or the resumed run.</summary>
        public static readonly string[] Names = { "recipe", "none", "flips", "dihedral", "msmla" };

        /// <summary>
        /// The augmentation a name asks for: null for "recipe" (not decided here), <see cref="AugmentationOptions"/>' identity
        /// for "none", else <see cref="AugmentationOptions.Flips"/>, <see cref="AugmentationOptions.Dihedral"/> or
        /// <see cref="AugmentationOptions.MsmlaRecipe"/>.
        /// </summary>
        public static AugmentationOptions? Parse(string? name) => name switch
        {
            null or "recipe" => null,
            "none" => new AugmentationOptions(),
            "flips" => AugmentationOptions.Flips,
            "dihedral" => AugmentationOptions.Dihedral,
            "msmla" => AugmentationOptions.MsmlaRecipe,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown augmentation."),
        };

        /// <summary>The name of an augmentation for messages and the reproduce line: none, flips, dihedral, msmla, or custom.</summary>
        public static string NameOf(AugmentationOptions? augmentation) =>
            augmentation is null || augmentation.IsIdentity ? "none"
            : augmentation == AugmentationOptions.Flips ? "flips"
            : augmentation == AugmentationOptions.Dihedral ? "dihedral"
            : augmentation == AugmentationOptions.MsmlaRecipe ? "msmla"
            : "custom";
    }
}
