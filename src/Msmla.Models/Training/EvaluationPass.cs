using System;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Core.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// One pass of a model over a labelled source in eval and inference mode: the confusion matrix and the mean unweighted
    /// loss. Shared by the validation at the end of each epoch and <see cref="LczTrainer.Evaluate"/>.
    /// </summary>
    internal static class EvaluationPass
    {
        /// <summary>Called after each batch with (batches done, batches in all, mean loss so far, accuracy so far, samples so far).</summary>
        public delegate void BatchDone(int batch, int batches, double loss, double accuracy, long samples);

        /// <summary>Runs the pass; throws <see cref="OperationCanceledException"/> after the current batch when cancelled.</summary>
        public static EvaluationResult Run(LczModel model, LczLoss loss, IPatchSource source, int batchSize, int prefetch, Device device, string sourceName,
            BatchDone? batchDone, CancellationToken cancellationToken)
        {
            PatchSourceInfo info = source.Info;
            int classes = model.Options.Classes;
            var matrix = new ConfusionMatrix(classes);
            var options = new BatchOptions { BatchSize = batchSize, Shuffle = false, Prefetch = prefetch };
            int batches = checked((int)((info.Count + batchSize - 1) / batchSize));
            double lossSum = 0;
            int done = 0;
            model.eval();
            using (inference_mode())
            {
                foreach (PatchBatch batch in source.ReadBatches(options, 0, cancellationToken))
                {
                    using (batch)
                    {
                        BatchChecks.Labels(batch, classes, sourceName, done);
                        using var scope = NewDisposeScope();
                        Tensor x = batch.ToTensor(device);
                        Tensor y = batch.LabelsToTensor(device);
                        Tensor output = model.call(x);
                        matrix.Add(y, output);
                        lossSum += loss.PerSample(output, y).sum(ScalarType.Float64).item<double>();
                    }
                    done++;
                    batchDone?.Invoke(done, batches, lossSum / matrix.Total, matrix.Correct / (double)matrix.Total, matrix.Total);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            if (matrix.Total != info.Count)
                throw new InvalidOperationException($"The {sourceName} source yielded {matrix.Total} patches but its Info announces {info.Count}.");
            return new EvaluationResult(ClassificationMetrics.Compute(matrix), matrix, matrix.Total == 0 ? double.NaN : lossSum / matrix.Total);
        }
    }
}
