using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Data;
using Msmla.Data.PatchFiles;
using Msmla.Data.So2Sat;
using Msmla.Data.Transforms;
using Msmla.Models;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>Which file layout, bands and normalisation a command reads patches with.</summary>
    /// <param name="Layout">So2Sat LCZ42 (<c>sen2</c>/<c>sen1</c>/<c>label</c>) or MSMLA patch files.</param>
    /// <param name="Bands">The bands (So2Sat) or channels (MSMLA) by name and in order; null = <see cref="Modality"/>'s bands (So2Sat) or all channels (MSMLA).</param>
    /// <param name="Modality">The So2Sat sensor(s) when <see cref="Bands"/> is null.</param>
    /// <param name="Normalization">
    /// How values are normalised before the model sees them; null = not given on the command line: none when opening, or the
    /// model's own once <see cref="ModelNormalization.Resolve"/> has read its sidecar.
    /// </param>
    /// <param name="CacheInMemory">Load the selected bands into memory at open.</param>
    internal sealed record DataSelection(DataLayout Layout, IReadOnlyList<string>? Bands, So2SatModality Modality, NormalizationChoice? Normalization, bool CacheInMemory)
    {
        /// <summary>
        /// Opens <paramref name="path"/> (exit code 2 when it is missing or unreadable) and applies the normalisation.
        /// The returned source owns the file: dispose it.
        /// </summary>
        public OpenedData Open(string path, bool requireLabels, ILogger logger, CancellationToken cancellation)
        {
            if (!File.Exists(path)) throw CliException.Input($"The data file {path} does not exist.");
            Hdf5PatchSource file = Layout switch
            {
                DataLayout.Msmla => MsmlaPatchReader.Open(path, new MsmlaReadOptions { Channels = Bands, RequireLabels = requireLabels, CacheInMemory = CacheInMemory }, logger, cancellation),
                _ => So2SatReader.Open(path, new So2SatReadOptions { Bands = Bands, Modality = Modality, RequireLabels = requireLabels, CacheInMemory = CacheInMemory }, logger, cancellation),
            };
            try
            {
                IPatchSource source = EffectiveNormalization switch
                {
                    NormalizationChoice.So2SatStatistics => file.Normalize(NormalizationOptions.So2SatStatistics),
                    NormalizationChoice.Sentinel2Baseline => file.Normalize(NormalizationOptions.Sentinel2BaselineOffset),
                    _ => file,
                };
                logger.LogInformation("{File}: {Count} patches of {Channels} channels ({Bands}), {Height}x{Width}{Labels}",
                    path, file.Info.Count, file.Info.Channels, string.Join(",", file.Info.ChannelNames), file.Info.Height, file.Info.Width,
                    file.Labels != null ? ", labelled" : ", no labels");
                return new OpenedData(file, source);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>The normalisation applied when opening: <see cref="Normalization"/>, or none when it is null.</summary>
        public NormalizationChoice EffectiveNormalization => Normalization ?? NormalizationChoice.None;

        /// <summary>The selection for a model's input when no bands were given: its band order when So2Sat has those bands.</summary>
        public DataSelection ForModel(LczModelInfo model)
        {
            if (Bands != null || Layout != DataLayout.So2Sat) return this;
            bool so2sat = model.BandOrder.All(b => So2SatBands.TryFind(b, out _, out _));
            if (!so2sat) return this;
            bool sentinel1 = model.BandOrder.Any(b => So2SatBands.TryFind(b, out So2SatModality m, out _) && m == So2SatModality.Sentinel1);
            bool sentinel2 = model.BandOrder.Any(b => So2SatBands.TryFind(b, out So2SatModality m, out _) && m == So2SatModality.Sentinel2);
            return this with { Bands = model.BandOrder.ToArray(), Modality = sentinel1 && sentinel2 ? So2SatModality.Both : sentinel1 ? So2SatModality.Sentinel1 : So2SatModality.Sentinel2 };
        }

        /// <summary>Checks that a source has the channels and classes a model expects (exit code 2 with both sides named).</summary>
        public static void CheckFits(PatchSourceInfo data, string path, LczModelInfo model, int modelClasses)
        {
            if (data.Channels != model.Bands)
                throw CliException.Input(
                    $"{model.Name} expects {model.Bands} input channels ({string.Join(", ", model.BandOrder)}) but {path} gives {data.Channels} " +
                    $"({string.Join(", ", data.ChannelNames)}); choose the bands with --bands.");
            if (data.HasLabels && data.ClassCount != modelClasses)
                throw CliException.Input($"{model.Name} has {modelClasses} classes but the labels of {path} have {data.ClassCount}.");
        }
    }
}
