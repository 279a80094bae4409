using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Metrics;
using Msmla.Models.Training;

namespace Msmla.Plotting.Tests.Support
{
    /// <summary>Hand-made histories and matrices for the plot tests.</summary>
    internal static class PlotTestData
    {
        /// <summary>A 17-class matrix with every sample on the diagonal (10 per class).</summary>
        public static ConfusionMatrix PerfectLcz()
        {
            var matrix = new ConfusionMatrix(17);
            for (int i = 0; i < 17; i++) matrix.Add(i, i, 10);
            return matrix;
        }

        /// <summary>A history of <paramref name="epochs"/> epochs with falling losses and rising accuracies.</summary>
        public static TrainingHistory History(int epochs, bool validation = true, int bestEpoch = 0)
        {
            var records = new List<EpochRecord>();
            for (int e = 1; e <= epochs; e++)
            {
                var record = new EpochRecord
                {
                    Epoch = e,
                    LearningRate = 0.002,
                    TrainingLoss = 2.5 / e + 0.1,
                    TrainingAccuracy = 1 - 0.8 / e,
                    TrainingSamples = 100,
                };
                if (validation) record = record with { ValidationLoss = 2.6 / e + 0.2, ValidationAccuracy = 0.95 - 0.8 / e, ValidationSamples = 50 };
                records.Add(record);
            }
            return new TrainingHistory(records, TrainingStopReason.Completed, TrainingMonitor.ValidationLoss, bestEpoch, null);
        }

        /// <summary>Epoch records from explicit values.</summary>
        public static TrainingHistory History(IEnumerable<EpochRecord> records) =>
            new(records.ToArray(), TrainingStopReason.Completed, TrainingMonitor.ValidationLoss, 0, null);
    }
}
