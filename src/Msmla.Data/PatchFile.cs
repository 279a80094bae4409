using System;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Lcz;
using Msmla.Core.Preprocessing;
using Msmla.Data.PatchFiles;
using Msmla.Data.So2Sat;

namespace Msmla.Data
{
    /// <summary>Opens a patch file of either layout (<see cref="PatchFileLayout"/>) with one set of options.</summary>
    public static class PatchFile
    {
        /// <summary>Opens <paramref name="path"/> with <see cref="So2SatReader"/> or <see cref="MsmlaPatchReader"/>, as <paramref name="options"/> say.</summary>
        /// <exception cref="PatchDataException">The file is missing, a directory, not HDF5, or its datasets do not fit the layout.</exception>
        /// <exception cref="ArgumentException">A band is unknown or repeated, or a band's sensor contradicts <see cref="PatchFileOptions.Modality"/>.</exception>
        public static Hdf5PatchSource Open(string path, PatchFileOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            options ??= new PatchFileOptions();
            if (Directory.Exists(path)) throw new PatchDataException(path, null, "it is a directory, not a patch file.");
            if (!File.Exists(path)) throw new PatchDataException(path, null, "the file does not exist.");
            return options.Layout switch
            {
                PatchFileLayout.Msmla => MsmlaPatchReader.Open(path, new MsmlaReadOptions
                {
                    Channels = options.Bands, RequireLabels = options.RequireLabels, CacheInMemory = options.CacheInMemory,
                    ReadThreads = options.ReadThreads, NonFinite = options.NonFinite, ClassCount = options.ClassCount, AllowExternalFiles = options.AllowExternalFiles,
                }, logger, cancellationToken),
                _ => So2SatReader.Open(path, new So2SatReadOptions
                {
                    Bands = options.Bands,
                    Modality = options.Modality ?? (options.Bands == null ? SensorModality.Sentinel2 : So2SatModalityOf(options.Bands)),
                    RequireLabels = options.RequireLabels, CacheInMemory = options.CacheInMemory,
                    ReadThreads = options.ReadThreads, NonFinite = options.NonFinite, ClassCount = options.ClassCount ?? LczClasses.Count,
                    AllowExternalFiles = options.AllowExternalFiles,
                }, logger, cancellationToken),
            };
        }

        /// <summary>The So2Sat sensor choice for named bands: their sensor, or both when they mix (or name a band So2Sat lacks, which the reader then names).</summary>
        private static SensorModality So2SatModalityOf(System.Collections.Generic.IReadOnlyList<string> bands)
        {
            SensorModality modality = SentinelBands.ModalityOf(bands);
            return modality is SensorModality.Sentinel2 or SensorModality.Sentinel1 ? modality : SensorModality.Both;
        }
    }
}
