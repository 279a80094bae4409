using System.Collections.Generic;
using Msmla.Core.Preprocessing;
using Msmla.Models.Inference;

namespace Msmla.Data.Classification
{
    /// <summary>How an <see cref="LczClassifier"/> predicts and reads data, and what it may change in the model's recorded input pipeline.</summary>
    public sealed record LczClassifierOptions
    {
        /// <summary>Device, batch size, test-time augmentation and the predictor's layout. Default <see cref="PredictionOptions"/>' defaults.</summary>
        public PredictionOptions Prediction { get; init; } = new();

        /// <summary>
        /// Other bands than the recorded ones (names, in order), for a model whose sidecar does not know the bands it was
        /// trained on (format version 1 records the architecture's order); null = the recorded bands. A statistics
        /// normalisation must have an entry for each. A difference from the recorded bands is logged as a warning.
        /// </summary>
        public IReadOnlyList<string>? Bands { get; init; }

        /// <summary>Another normalisation than the recorded one; null = the recorded one. A difference is logged as a warning.</summary>
        public NormalizationOptions? Normalization { get; init; }

        /// <summary>
        /// The sensor the data must come from; null = the recorded one. A value that contradicts the bands (for example
        /// <see cref="SensorModality.Both"/> for a model of ten Sentinel-2 bands) is refused.
        /// </summary>
        public SensorModality? Modality { get; init; }

        /// <summary>How patch files are read (<see cref="LczClassifier.OpenFile"/>): cache, threads, non-finite values. The layout and bands are set per call.</summary>
        public PatchFileOptions Files { get; init; } = new();
    }
}
