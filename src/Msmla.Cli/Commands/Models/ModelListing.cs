using System.Collections.Generic;
using Msmla.Core.Preprocessing;
using Msmla.Models;

namespace Msmla.Cli.Commands.Models
{
    /// <summary>One architecture as <c>msmla models</c> lists it (the JSON row).</summary>
    /// <param name="Id">The command-line name (for <c>--model</c>).</param>
    /// <param name="Name">The display name.</param>
    /// <param name="Architecture">The library's enum name.</param>
    /// <param name="TrainableParameters">Parameters that receive gradients, with the default options.</param>
    /// <param name="KerasTotalParameters">Trainable parameters plus BatchNorm running statistics (Keras' total).</param>
    /// <param name="PatchSize">The default patch side.</param>
    /// <param name="PublishedPatchSize">The patch side the authors trained with.</param>
    /// <param name="Bands">The number of input channels.</param>
    /// <param name="BandOrder">The input channels in order.</param>
    /// <param name="InputScaling">How digital numbers become input values.</param>
    /// <param name="Classes">Output classes.</param>
    /// <param name="OutputKind">Logits or probabilities.</param>
    /// <param name="IsReconstruction">Whether the network is reconstructed from incomplete publications.</param>
    /// <param name="Citation">The paper.</param>
    internal sealed record ModelListing(
        string Id,
        string Name,
        LczArchitecture Architecture,
        long TrainableParameters,
        long KerasTotalParameters,
        int PatchSize,
        int PublishedPatchSize,
        int Bands,
        IReadOnlyList<string> BandOrder,
        string InputScaling,
        int Classes,
        ModelOutputKind OutputKind,
        bool IsReconstruction,
        string Citation);
}
