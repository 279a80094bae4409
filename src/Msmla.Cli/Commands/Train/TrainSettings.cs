using Msmla.Cli.Infrastructure;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>What <c>msmla train</c> was asked to do (parsed and checked).</summary>
    /// <param name="Model">The architecture and options (null when resuming: they come from the checkpoint).</param>
    /// <param name="ModelOptionsFile">The model options file the model came from (--options), or null.</param>
    /// <param name="TrainFile">The labelled training file.</param>
    /// <param name="ValidationFile">The labelled validation file, or null.</param>
    /// <param name="Selection">How to read the files.</param>
    /// <param name="RecipeName">The recipe (null: the architecture's own, or the trainer options file).</param>
    /// <param name="TrainerOptionsFile">A trainer options JSON file, or null.</param>
    /// <param name="Augmentation">The training-data augmentation of --augment; null = the recipe's (a new run) or the checkpoint's (a resumed run).</param>
    /// <param name="Epochs">Overrides the epochs.</param>
    /// <param name="BatchSize">Overrides the batch size.</param>
    /// <param name="Seed">Overrides the seed.</param>
    /// <param name="Device">Where to train.</param>
    /// <param name="Threads">libtorch's CPU threads of --threads; null = the recipe's or trainer options file's (automatic unless the file says otherwise).</param>
    /// <param name="OutputDirectory">Where everything is written.</param>
    /// <param name="Resume">A checkpoint file or run directory to continue, or null.</param>
    /// <param name="Json">Write the result as JSON.</param>
    /// <param name="Overwrite">Replace an earlier run in the output directory (--overwrite).</param>
    /// <param name="ClipNorm">Overrides the gradient clipping (--clip-norm), or null.</param>
    /// <param name="Precision">Overrides the training precision (--precision), or null.</param>
    internal sealed record TrainSettings(
        ModelSpec? Model,
        string? ModelOptionsFile,
        string TrainFile,
        string? ValidationFile,
        DataSelection Selection,
        string? RecipeName,
        string? TrainerOptionsFile,
        AugmentationOptions? Augmentation,
        int? Epochs,
        int? BatchSize,
        int? Seed,
        ComputeDevice Device,
        TorchThreads? Threads,
        string OutputDirectory,
        string? Resume,
        bool Json,
        bool Overwrite,
        double? ClipNorm,
        Msmla.Models.Training.TrainingPrecision? Precision = null)
    {
        /// <summary>Whether the model options came from a file.</summary>
        public bool ModelFromFile => ModelOptionsFile != null;
    }
}
