using System;
using System.Collections.Generic;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.Transforms;

namespace Msmla.Data.Statistics
{
    /// <summary>Per-band statistics over all pixels of all patches of a source.</summary>
    /// <param name="ChannelNames">The bands, in the source's channel order.</param>
    /// <param name="Mean">Mean per band.</param>
    /// <param name="Std">Population standard deviation per band (numpy's default, ddof = 0).</param>
    /// <param name="Min">Smallest value per band.</param>
    /// <param name="Max">Largest value per band.</param>
    /// <param name="PixelCount">Values per band that went in (patches x height x width).</param>
    public sealed record BandStatistics(
        IReadOnlyList<string> ChannelNames,
        IReadOnlyList<double> Mean,
        IReadOnlyList<double> Std,
        IReadOnlyList<double> Min,
        IReadOnlyList<double> Max,
        long PixelCount)
    {
        /// <summary>
        /// Streams a source once, in sequential batches, and accumulates in float64 with Chan et al.'s
        /// pairwise update of (count, mean, sum of squared deviations) per batch: numerically stable,
        /// memory bounded by one batch.
        /// </summary>
        /// <param name="source">The patches, for example a reader opened on a training file.</param>
        /// <param name="batchSize">Patches per batch read.</param>
        /// <param name="progress">Receives the number of patches done after each batch.</param>
        /// <param name="cancellationToken">Stops the pass.</param>
        /// <exception cref="InvalidOperationException">The source has no patches.</exception>
        public static BandStatistics Compute(IPatchSource source, int batchSize = 256, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            PatchSourceInfo info = source.Info;
            int channels = info.Channels;
            int pixels = info.Height * info.Width;
            var count = 0L;
            var mean = new double[channels];
            var m2 = new double[channels];
            var min = new double[channels];
            var max = new double[channels];
            Array.Fill(min, double.PositiveInfinity);
            Array.Fill(max, double.NegativeInfinity);
            long patches = 0;
            foreach (PatchBatch batch in source.ReadBatches(new BatchOptions { BatchSize = batchSize, Prefetch = 2 }, 0, cancellationToken))
            {
                using (batch)
                {
                    long n = (long)batch.Count * pixels;
                    for (int c = 0; c < channels; c++)
                    {
                        double sum = 0;
                        double lo = min[c];
                        double hi = max[c];
                        for (int i = 0; i < batch.Count; i++)
                        {
                            ReadOnlySpan<float> plane = batch.Patch(i).Slice(c * pixels, pixels);
                            for (int p = 0; p < plane.Length; p++)
                            {
                                double v = plane[p];
                                sum += v;
                                if (v < lo) lo = v;
                                if (v > hi) hi = v;
                            }
                        }
                        min[c] = lo;
                        max[c] = hi;
                        double batchMean = sum / n;
                        double squares = 0;
                        for (int i = 0; i < batch.Count; i++)
                        {
                            ReadOnlySpan<float> plane = batch.Patch(i).Slice(c * pixels, pixels);
                            for (int p = 0; p < plane.Length; p++)
                            {
                                double d = plane[p] - batchMean;
                                squares += d * d;
                            }
                        }
                        double total = count + n;
                        double delta = batchMean - mean[c];
                        mean[c] += delta * n / total;
                        m2[c] += squares + delta * delta * count * n / total;
                    }
                    count += n;
                    patches += batch.Count;
                    progress?.Report(patches);
                }
            }
            if (count == 0) throw new InvalidOperationException("The source has no patches to compute statistics from.");
            var std = new double[channels];
            for (int c = 0; c < channels; c++) std[c] = Math.Sqrt(m2[c] / count);
            return new BandStatistics(info.ChannelNames, mean, std, min, max, count);
        }

        /// <summary>A normalisation to zero mean and unit deviation with these statistics, matched to sources by band name.</summary>
        public NormalizationOptions ToNormalization() => NormalizationOptions.MeanStd(Mean, Std, ChannelNames);
    }
}
