using Msmla.Core.Runtime;

namespace Msmla.Cli.Commands.Demo
{
    /// <summary>What <c>msmla demo</c> was asked to do.</summary>
    /// <param name="OutputDirectory">Where the sample, the model, the metrics and the plots go.</param>
    /// <param name="TrainPatches">Synthetic training patches.</param>
    /// <param name="ValidationPatches">Synthetic validation patches (evaluated after every epoch).</param>
    /// <param name="TestPatches">Synthetic held-out test patches (evaluated at the end).</param>
    /// <param name="PatchSize">Patch side in pixels.</param>
    /// <param name="Epochs">Training epochs.</param>
    /// <param name="BatchSize">Patches per training batch.</param>
    /// <param name="Seed">Seed of the sample, the initialisation, the shuffle.</param>
    /// <param name="Json">Write the result as JSON.</param>
    /// <param name="SceneWidth">The width of the synthetic scene in pixels.</param>
    /// <param name="SceneHeight">The height of the synthetic scene in pixels.</param>
    /// <param name="Threads">libtorch's CPU threads for training, evaluation and mapping; null = automatic.</param>
    /// <param name="Precision">The training precision (float32 or bfloat16 mixed precision).</param>
    internal sealed record DemoSettings(string OutputDirectory, int TrainPatches, int ValidationPatches, int TestPatches, int PatchSize, int Epochs, int BatchSize, int Seed, bool Json,
        int SceneWidth = 640, int SceneHeight = 480, TorchThreads? Threads = null,
        Msmla.Models.Training.TrainingPrecision Precision = Msmla.Models.Training.TrainingPrecision.Float32);
}
