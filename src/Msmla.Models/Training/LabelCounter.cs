using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Core.Data;

namespace Msmla.Models.Training
{
    /// <summary>Counts the labels of a source for <see cref="LossOptions.BalancedClassWeights"/>.</summary>
    internal static class LabelCounter
    {
        /// <summary>
        /// Reads every batch of <paramref name="source"/> once and returns scikit-learn's balanced weights of its labels, or
        /// null when cancelled (after the current batch).
        /// </summary>
        /// <param name="source">The training source.</param>
        /// <param name="classes">The number of classes.</param>
        /// <param name="options">How to read it (no shuffle needed).</param>
        /// <param name="logger">Receives the weights.</param>
        /// <param name="batchDone">Called with (batches done, batches in all).</param>
        /// <param name="cancellationToken">Stops the count.</param>
        public static float[]? BalancedWeights(IPatchSource source, int classes, BatchOptions options, ILogger logger,
            Action<int, int> batchDone, CancellationToken cancellationToken)
        {
            var counts = new long[classes];
            int batches = TrainingRun.BatchCount(source.Info.Count, options.BatchSize, options.DropLast);
            int done = 0;
            try
            {
                foreach (PatchBatch batch in source.ReadBatches(options, 0, cancellationToken))
                {
                    using (batch)
                    {
                        BatchChecks.Labels(batch, classes, "training", done);
                        long[] batchCounts = ClassWeights.Count(batch.Labels, classes);
                        for (int c = 0; c < classes; c++) counts[c] += batchCounts[c];
                    }
                    done++;
                    batchDone(done, batches);
                    if (cancellationToken.IsCancellationRequested) return null;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            float[] weights = ClassWeights.Balanced(counts);
            logger.LogInformation("Balanced class weights from {Count} training labels: {Weights}",
                counts.Sum(), string.Join(", ", weights.Select(w => w.ToString("0.###", CultureInfo.InvariantCulture))));
            return weights;
        }
    }
}
