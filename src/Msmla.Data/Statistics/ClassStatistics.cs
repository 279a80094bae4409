using System;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Data.Transforms;

namespace Msmla.Data.Statistics
{
    /// <summary>Class counts and balanced class weights of a labelled source.</summary>
    public static class ClassStatistics
    {
        /// <summary>
        /// Patches per class. Readers of HDF5 files answer from the labels they streamed at open and
        /// in-memory sources from their labels, and normalised or augmented sources ask the source they wrap; any other source is streamed once.
        /// </summary>
        /// <exception cref="ArgumentException">The source has no labels.</exception>
        public static long[] CountClasses(IPatchSource source, CancellationToken cancellationToken = default)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            PatchSourceInfo info = source.Info;
            if (!info.HasLabels) throw new ArgumentException("The source has no labels to count.", nameof(source));
            switch (source)
            {
                case NormalizedPatchSource normalized:
                    return CountClasses(normalized.Inner, cancellationToken);
                case AugmentedPatchSource augmented:
                    return CountClasses(augmented.Inner, cancellationToken);
                case Hdf5PatchSource file:
                    return [.. file.ClassCounts];
                case ArrayPatchSource array when array.Labels != null:
                    var counts = new long[info.ClassCount];
                    foreach (int label in array.Labels) counts[label]++;
                    return counts;
            }
            var streamed = new long[info.ClassCount];
            foreach (PatchBatch batch in source.ReadBatches(new BatchOptions { BatchSize = 512 }, 0, cancellationToken))
            {
                using (batch)
                {
                    long[] part = ClassWeights.Count(batch.Labels, info.ClassCount);
                    for (int c = 0; c < part.Length; c++) streamed[c] += part[c];
                }
            }
            return streamed;
        }

        /// <summary>"Balanced" weights N / (classes present x count_c) of a source's labels (see <see cref="ClassWeights.Balanced"/>).</summary>
        public static float[] BalancedWeights(IPatchSource source, CancellationToken cancellationToken = default) =>
            ClassWeights.Balanced(CountClasses(source, cancellationToken));
    }
}
