using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Core.Preprocessing;
using Msmla.Data.Classification;

namespace Msmla.Models.Pretrained
{
    /// <summary>
    /// Released LCZ weights, ready to use: each comes with its network, its input pipeline, its licence and its citation
    /// (like TorchGeo's weight enums).
    /// </summary>
    /// <example>
    /// <code>
    /// using LczClassifier classifier = LczPretrained.Sen2LczNetMf();          // the model and its input pipeline
    /// PredictionResult result = classifier.PredictFile("testing.h5");       // So2Sat LCZ42 sen2 as stored
    /// Console.WriteLine(LczPretrained.Sen2LczNetMfWeights.Citation);
    /// </code>
    /// </example>
    public static class LczPretrained
    {
        /// <summary>
        /// Sen2LCZ-Net-MF (Qiu et al. 2020) trained on So2Sat LCZ42 (version 2) by the authors: overall accuracy 0.6937 and
        /// Cohen's kappa 0.6644 on the testing split (24,188 patches). Input: So2Sat's ten <c>sen2</c> bands as stored
        /// (B2, B3, B4, B5, B6, B7, B8, B8A, B11, B12; reflectance = DN / 10,000), no further normalisation, 32 x 32 patches.
        /// MIT licence, Copyright (c) 2021 ChunpingQiu.
        /// </summary>
        public static PretrainedWeights Sen2LczNetMfWeights { get; } = new(
            "sen2lcz-net-mf",
            "Sen2LCZ-Net-MF",
            LczArchitecture.Sen2LczNetMf,
            new LczModelOptions { Bands = 10, Classes = 17, PatchSize = 32 },
            new InputPipeline
            {
                Bands = SentinelBands.Sentinel2,
                Modality = SensorModality.Sentinel2,
                Scaling = InputScaling.So2SatReflectance,
                Normalization = NormalizationOptions.None,
                PatchSize = 32,
            },
            "MIT",
            "Msmla.Models.Pretrained.Sen2LczNetMf-LICENSE.txt",
            "Qiu, C., Tong, X., Schmitt, M., Bechtel, B., Zhu, X. X. (2020). Multilevel feature fusion-based CNN for local climate zone " +
            "classification from Sentinel-2 images: benchmark results on the So2Sat LCZ42 dataset. IEEE Journal of Selected Topics in " +
            "Applied Earth Observations and Remote Sensing 13, 2793-2806. doi:10.1109/JSTARS.2020.2995711",
            "https://github.com/ChunpingQiu/benchmark-on-So2SatLCZ42-dataset-a-simple-tour (results/_32_weights.best.hdf5)",
            "2ca98e4adb7d67cc0f69e8168826b763eb7df8cb6ca508689fa34c171e2e8b2a",
            "Sen2LCZ-Net-MF (sen2LCZ_drop, depth 17, width 16, dropout 0.2, fusion) trained on So2Sat LCZ42 version 2 sen2 as stored; " +
            "published result on the testing split (24,188 patches): overall accuracy 0.6937, Cohen's kappa 0.6644.",
            "Msmla.Models.Pretrained.sen2lcz-net-mf.keras-weights.h5");

        /// <summary>Every set of weights this package carries.</summary>
        public static IReadOnlyList<PretrainedWeights> All { get; } = new[] { Sen2LczNetMfWeights };

        /// <summary>The identifiers of <see cref="All"/> (the command line's <c>--model</c> values).</summary>
        public static IReadOnlyList<string> Ids { get; } = All.Select(w => w.Id).ToArray();

        /// <summary>Sen2LCZ-Net-MF with its released weights and input pipeline (<see cref="Sen2LczNetMfWeights"/>). Dispose the classifier.</summary>
        /// <param name="options">Prediction, reading and pipeline overrides; null = defaults.</param>
        /// <param name="loggers">Receives the pipeline used and the warnings about overrides; null = none.</param>
        /// <exception cref="InvalidOperationException">This build of the package carries no weights.</exception>
        public static LczClassifier Sen2LczNetMf(LczClassifierOptions? options = null, ILoggerFactory? loggers = null) =>
            Sen2LczNetMfWeights.CreateClassifier(options, loggers);

        /// <summary>The weights with identifier <paramref name="id"/> (case-insensitive), or null.</summary>
        public static PretrainedWeights? Find(string id)
        {
            ArgumentNullException.ThrowIfNull(id);
            return All.FirstOrDefault(w => string.Equals(w.Id, id, StringComparison.OrdinalIgnoreCase));
        }
    }
}
