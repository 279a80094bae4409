using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data;
using Msmla.Data.Classification;
using Msmla.Data.Transforms;
using Msmla.Models.Inference;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The data options of a command line (<c>--layout</c>, <c>--bands</c>, <c>--modality</c>, <c>--normalize</c>,
    /// <c>--cache</c>), each null when not given, turned into the library's options: <see cref="PatchFileOptions"/> and a
    /// normalisation for training, <see cref="LczClassifierOptions"/> overrides for a saved model.
    /// </summary>
    /// <param name="Layout">The file layout; null = So2Sat for training, the model's for a saved model.</param>
    /// <param name="Bands">The bands (So2Sat) or channels (MSMLA) by name and in order; null = the default (training) or the model's (saved model).</param>
    /// <param name="Modality">The So2Sat sensor(s); null = inferred from the bands.</param>
    /// <param name="Normalization">The normalisation; null = none (a new run), the checkpoint's (a resumed run) or the model's (a saved model).</param>
    /// <param name="CacheInMemory">Load the selected bands into memory at open.</param>
    /// <param name="AllowExternalFiles">Let a data file lead to other files.</param>
    internal sealed record DataSelection(PatchFileLayout? Layout, IReadOnlyList<string>? Bands, SensorModality? Modality, NormalizationOptions? Normalization, bool CacheInMemory,
        bool AllowExternalFiles = false)
    {
        /// <summary>How a training or validation file is read.</summary>
        public PatchFileOptions FileOptions(bool requireLabels) => new()
        {
            Layout = Layout ?? PatchFileLayout.So2Sat,
            Bands = Bands,
            Modality = Modality,
            RequireLabels = requireLabels,
            CacheInMemory = CacheInMemory,
            AllowExternalFiles = AllowExternalFiles,
        };

        /// <summary>Opens a training or validation file and normalises it (<see cref="Normalization"/>, none when null). The returned data own the file: dispose them.</summary>
        public OpenedData Open(string path, bool requireLabels, ILogger logger, CancellationToken cancellation)
        {
            Hdf5PatchSource file = PatchFile.Open(path, FileOptions(requireLabels), logger, cancellation);
            try
            {
                IPatchSource source = Normalization is { IsIdentity: false } normalization ? file.Normalize(normalization) : file;
                logger.LogInformation("{File}: {Count} patches of {Channels} channels ({Bands}), {Height}x{Width}{Labels}; normalisation {Normalization}",
                    path, file.Info.Count, file.Info.Channels, string.Join(",", file.Info.ChannelNames), file.Info.Height, file.Info.Width,
                    file.Labels != null ? ", labelled" : ", no labels", (Normalization ?? NormalizationOptions.None).Name);
                return new OpenedData(file, source);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>The overrides of a saved model's recorded input pipeline that the command line gives (only what was given).</summary>
        public LczClassifierOptions ClassifierOptions(PredictionOptions prediction) => new()
        {
            Prediction = prediction,
            Bands = Bands,
            Normalization = Normalization,
            Modality = Modality,
            Files = new PatchFileOptions { CacheInMemory = CacheInMemory, AllowExternalFiles = AllowExternalFiles },
        };
    }
}
