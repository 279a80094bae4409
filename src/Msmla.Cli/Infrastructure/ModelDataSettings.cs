using Msmla.Models.Inference;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>A saved model applied to a patch file, as <see cref="ModelDataArguments"/> read it.</summary>
    /// <param name="Weights">The model: a native weights file (with its .json sidecar) or a pretrained model.</param>
    /// <param name="Data">The HDF5 patch file.</param>
    /// <param name="Selection">The overrides of the model's input pipeline given on the command line.</param>
    /// <param name="Prediction">Device, threads, batch size, test-time augmentation.</param>
    /// <param name="Json">Write the result as JSON.</param>
    internal sealed record ModelDataSettings(ModelReference Weights, string Data, DataSelection Selection, PredictionOptions Prediction, bool Json);
}
