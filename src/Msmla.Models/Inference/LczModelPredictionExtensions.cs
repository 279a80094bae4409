using System;
using Msmla.Core.Data;
using static TorchSharp.torch;

namespace Msmla.Models.Inference
{
    /// <summary>One-call prediction on a model; for repeated calls keep an <see cref="LczPredictor"/> instead.</summary>
    public static class LczModelPredictionExtensions
    {
        /// <summary>Predicts patches [N, Bands, H, W] with a temporary <see cref="LczPredictor"/>.</summary>
        public static PredictionResult Predict(this LczModel model, Tensor patches, PredictionOptions? options = null)
        {
            using var predictor = new LczPredictor(model, options);
            return predictor.Predict(patches);
        }

        /// <summary>Predicts float32 NCHW patches (<paramref name="count"/> x Bands x height x width) with a temporary <see cref="LczPredictor"/>.</summary>
        public static PredictionResult Predict(this LczModel model, ReadOnlySpan<float> patches, int count, int height, int width, PredictionOptions? options = null)
        {
            using var predictor = new LczPredictor(model, options);
            return predictor.Predict(patches, count, height, width);
        }

        /// <summary>Predicts every patch of a source with a temporary <see cref="LczPredictor"/>.</summary>
        public static PredictionResult Predict(this LczModel model, IPatchSource source, PredictionOptions? options = null, IProgress<long>? progress = null)
        {
            using var predictor = new LczPredictor(model, options);
            return predictor.Predict(source, progress);
        }
    }
}
