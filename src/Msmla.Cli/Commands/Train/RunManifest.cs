using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data.Transforms;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>
    /// <c>run.json</c>: what a training run read and how, next to <c>model-options.json</c> and <c>trainer-options.json</c>,
    /// so that the run can be repeated (same files, options, seed and thread count give the same history on the CPU).
    /// </summary>
    /// <remarks>
    /// <see cref="Threads"/> holds the thread counts the run resolved (trainer-options.json keeps the setting, automatic by
    /// default); <see cref="OpenMpWaiting"/> the OpenMP wait setting of the process (it changes speed, not results).
    /// </remarks>
    internal sealed record RunManifest(
        string Tool,
        string Version,
        string Model,
        string TrainFile,
        string? ValidationFile,
        string Layout,
        InputPipeline Input,
        string? Recipe,
        AugmentationOptions? Augmentation,
        int Seed,
        TorchThreadCounts Threads,
        string? OpenMpWaiting,
        string? ResumedFrom,
        string ModelOptionsFile,
        string TrainerOptionsFile,
        string Reproduce);
}
