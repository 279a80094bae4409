using Msmla.Core.Preprocessing;
using Msmla.Data.Transforms;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>
    /// <c>run.json</c>: what a training run read and how, next to <c>model-options.json</c> and <c>trainer-options.json</c>,
    /// so that the run can be repeated (same files, options and seed give the same history on the CPU).
    /// </summary>
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
        string? ResumedFrom,
        string ModelOptionsFile,
        string TrainerOptionsFile,
        string Reproduce);
}
