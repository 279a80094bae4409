using System.Collections.Generic;
using Msmla.Data.Mapping;
using Msmla.Models.Inference;

namespace Msmla.Cli.Commands.Map
{
    /// <summary>What <c>msmla map</c> was asked to do.</summary>
    /// <param name="Model">The model (weights with sidecar, or pretrained); null with <see cref="Merge"/>.</param>
    /// <param name="Scenes">Each scene as its files (one multi-band file, or one file per band); empty with <see cref="Merge"/>.</param>
    /// <param name="BandNames">Names of the bands of each scene's files, in file order, for files that do not name them; null = from the files.</param>
    /// <param name="Outputs">The class map and the probability map.</param>
    /// <param name="Map">Step, combination, probabilities, offset, edges, shard, overwrite.</param>
    /// <param name="Prediction">Device, threads, batch size, test-time augmentation.</param>
    /// <param name="Merge">Assemble the shards of <see cref="Outputs"/> instead of mapping.</param>
    /// <param name="Quicklook">Write the PNG quicklook beside the class map.</param>
    /// <param name="Json">Write the result as JSON.</param>
    internal sealed record MapSettings(Infrastructure.ModelReference? Model, IReadOnlyList<IReadOnlyList<string>> Scenes, IReadOnlyList<string>? BandNames, MapOutputs Outputs,
        LczMapOptions Map, PredictionOptions Prediction, bool Merge, bool Quicklook, bool Json);
}
