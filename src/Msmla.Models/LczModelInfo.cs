using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Models
{
    /// <summary>
    /// What a scene pipeline and a reader need to know about a model: its name and source, which bands in which
    /// order and scale it expects, its patch size and what its output is.
    /// </summary>
    /// <param name="Name">Display name, for example "MSMLA-18".</param>
    /// <param name="Architecture">The architecture.</param>
    /// <param name="Citation">The paper the architecture comes from.</param>
    /// <param name="BandOrder">One name per input channel in the order the model expects (for example B2, B3, ... B12).</param>
    /// <param name="InputScaling">How digital numbers become input values.</param>
    /// <param name="PatchSize">The patch side the model is built for (see <see cref="LczModelOptions.PatchSize"/>).</param>
    /// <param name="PublishedPatchSize">The patch side the authors trained with.</param>
    /// <param name="Classes">The number of output classes.</param>
    /// <param name="OutputKind">Whether <c>forward</c> returns logits or probabilities.</param>
    /// <param name="IsReconstruction">True when the published layer table was not available and the network is a reconstruction.</param>
    /// <param name="Notes">How the network was reconstructed or what differs from the publication; empty when nothing does.</param>
    public sealed record LczModelInfo(
        string Name,
        LczArchitecture Architecture,
        string Citation,
        IReadOnlyList<string> BandOrder,
        InputScaling InputScaling,
        int PatchSize,
        int PublishedPatchSize,
        int Classes,
        ModelOutputKind OutputKind,
        bool IsReconstruction,
        string Notes)
    {
        /// <summary>The number of input channels (<see cref="BandOrder"/>'s length).</summary>
        public int Bands => BandOrder.Count;

        /// <summary>
        /// The input pipeline a model of this architecture takes unless it was trained otherwise: <see cref="BandOrder"/>, their
        /// sensor, <see cref="InputScaling"/>, no normalisation, <see cref="PatchSize"/>. A saved model records its own
        /// (<see cref="Weights.LczModelFileInfo.Input"/>); this is what older sidecars and models saved without one imply.
        /// </summary>
        public InputPipeline DefaultInput => new()
        {
            Bands = BandOrder,
            Modality = SentinelBands.ModalityOf(BandOrder),
            Scaling = InputScaling,
            Normalization = NormalizationOptions.None,
            PatchSize = PatchSize,
        };
    }
}
