using System;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;
using Msmla.Core.Metrics;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Data.So2Sat;
using Msmla.Data.Synthetic;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Classification;

public class LczClassifierTests
{
    private static readonly string[] s_reversed = { "B12", "B11", "B8A", "B8", "B7", "B6", "B5", "B4", "B3", "B2" };
    private static readonly PredictionOptions s_cpu = new() { Device = ComputeDevice.Cpu, BatchSize = 16 };

    private static (TemporaryDirectory Directory, string Data, string Model) SavedModel(InputPipeline input, int patchSize = 16)
    {
        var directory = TestPaths.CreateTemporaryDirectory();
        string data = directory.File("testing.h5");
        SyntheticLczSample.WriteSo2Sat(data, new SyntheticLczOptions { Seed = 5, PatchSize = patchSize }, 40, 0);
        using LczModel model = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { PatchSize = patchSize, Seed = 3 });
        string path = directory.File("model.dat");
        LczModels.Save(model, path, input);
        return (directory, data, path);
    }

    [Fact]
    public void Predicts_a_file_with_the_recorded_bands_and_normalisation_exactly_as_reading_and_normalising_by_hand()
    {
        InputPipeline input = new InputPipeline { Bands = s_reversed, PatchSize = 16 }.WithNormalization(NormalizationOptions.So2SatStatistics);
        (TemporaryDirectory directory, string data, string path) = SavedModel(input);
        using (directory)
        {
            using var classifier = LczClassifier.Open(path, new LczClassifierOptions { Prediction = s_cpu });
            Assert.Equal(input, classifier.Input);
            PredictionResult result = classifier.PredictFile(data);

            // The same steps written out with the readers, the normalisation and the predictor.
            using Hdf5PatchSource reader = So2SatReader.Open(data, new So2SatReadOptions { Bands = s_reversed, RequireLabels = false });
            using LczModel model = LczModels.Load(path);
            using var predictor = new LczPredictor(model, s_cpu);
            PredictionResult expected = predictor.Predict(reader.Normalize(NormalizationOptions.So2SatStatistics));
            Assert.Equal(expected.Probabilities.ToArray(), result.Probabilities.ToArray());
            Assert.Equal(expected.Labels, result.Labels);

            // Evaluation measures those predictions against the file's labels.
            LczEvaluation evaluation = classifier.EvaluateFile(data);
            Assert.Equal(So2SatReader.ReadLabels(data), evaluation.Predictions.TrueLabels);
            ClassificationMetrics metrics = ClassificationMetrics.Compute(evaluation.Predictions.TrueLabels!.ToArray(), expected.LabelsToArray(), 17);
            Assert.Equal(metrics.MicroAccuracy, evaluation.Metrics.MicroAccuracy);
            Assert.Equal(metrics.Kappa, evaluation.Metrics.Kappa);
        }
    }

    [Fact]
    public void Refuses_raw_sources_that_do_not_fit_and_names_what_differs()
    {
        InputPipeline input = new InputPipeline { Bands = s_reversed, PatchSize = 16 }.WithNormalization(NormalizationOptions.So2SatStatistics);
        (TemporaryDirectory directory, string data, string path) = SavedModel(input);
        using (directory)
        {
            using var classifier = LczClassifier.Open(path, new LczClassifierOptions { Prediction = s_cpu });
            using Hdf5PatchSource fileOrder = So2SatReader.Open(data);
            Assert.Contains("takes the bands B12,B11,B8A", Assert.Throws<ArgumentException>(() => classifier.Predict(fileOrder)).Message);
            using Hdf5PatchSource reversed = So2SatReader.Open(data, new So2SatReadOptions { Bands = s_reversed });
            Assert.Contains("already normalised", Assert.Throws<ArgumentException>(() => classifier.Predict(reversed.Normalize(NormalizationOptions.So2SatStatistics))).Message);
            Assert.Equal(40, classifier.Predict(reversed).Count);

            ArrayPatchSource big = SyntheticLczSample.CreateSource(new SyntheticLczOptions { Seed = 1, PatchSize = 32 }, 3);
            Assert.Contains("16 x 16 patches but the data have 32 x 32", Assert.Throws<ArgumentException>(() => classifier.Predict(big)).Message);

            Assert.Contains("asked for as Sentinel1", Assert.Throws<ArgumentException>(() =>
                LczClassifier.Open(path, new LczClassifierOptions { Modality = SensorModality.Sentinel1 })).Message);
        }
    }

    [Fact]
    public void Overrides_of_the_recorded_pipeline_apply_with_a_warning()
    {
        (TemporaryDirectory directory, string data, string path) = SavedModel(new InputPipeline { Bands = s_reversed, PatchSize = 16 });
        using (directory)
        {
            var loggers = new ListLoggerFactory();
            string[] fileOrder = s_reversed.Reverse().ToArray();
            using var classifier = LczClassifier.Open(path, new LczClassifierOptions
            {
                Prediction = s_cpu, Bands = fileOrder, Normalization = NormalizationOptions.Sentinel2BaselineOffset,
            }, loggers);
            Assert.Equal(fileOrder, classifier.Input.Bands);
            Assert.Equal(s_reversed, classifier.RecordedInput.Bands);
            Assert.Equal(NormalizationKind.Sentinel2BaselineOffset, classifier.Input.Normalization.Kind);
            Assert.Equal(2, loggers.Logger.Entries.Count(e => e.Level == LogLevel.Warning));
            using Hdf5PatchSource reader = So2SatReader.Open(data);
            Assert.Equal(40, classifier.Predict(reader).Count);
        }
    }
}
