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
}
