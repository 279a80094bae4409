using Msmla.Cli.Infrastructure;
using Msmla.Core.Preprocessing;
using Msmla.Data.Transforms;
using Msmla.Models.Training;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>Everything a training run uses, resolved from the command line, the files and the data.</summary>
    /// <param name="Model">The architecture and options (shape taken from the data).</param>
    /// <param name="Trainer">The trainer options (recipe or file, with the command-line overrides and the checkpoint directory).</param>
    /// <param name="RecipeName">The recipe, or null for a trainer options file or a resumed run.</param>
    /// <param name="Augmentation">The training-data augmentation, or null.</param>
    internal sealed record TrainingPlan(ModelSpec Model, TrainerOptions Trainer, string? RecipeName, AugmentationOptions? Augmentation);
}
