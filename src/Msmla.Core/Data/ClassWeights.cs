using System;
using System.Collections.Generic;

namespace Msmla.Core.Data
{
    /// <summary>Per-class loss weights from class counts.</summary>
    public static class ClassWeights
    {
        /// <summary>
        /// "Balanced" weights as in scikit-learn's <c>compute_class_weight("balanced")</c>:
        /// w_c = N / (K x count_c), where N is the total count and K the number of classes that occur.
        /// Classes with a count of 0 get weight 0 (they never contribute to the loss).
        /// </summary>
        /// <param name="counts">The number of samples of each class (index = 0-based class).</param>
        /// <exception cref="ArgumentException">A count is negative or all counts are 0.</exception>
        public static float[] Balanced(IReadOnlyList<long> counts)
        {
            if (counts == null) throw new ArgumentNullException(nameof(counts));
            long total = 0;
            int present = 0;
            for (int c = 0; c < counts.Count; c++)
            {
                if (counts[c] < 0) throw new ArgumentException($"Class {c} has a negative count ({counts[c]}).", nameof(counts));
                total += counts[c];
                if (counts[c] > 0) present++;
            }
            if (present == 0) throw new ArgumentException("Every class count is 0: no samples to weigh.", nameof(counts));
            var weights = new float[counts.Count];
            for (int c = 0; c < counts.Count; c++)
                weights[c] = counts[c] == 0 ? 0f : (float)(total / ((double)present * counts[c]));
            return weights;
        }

        /// <summary>Counts 0-based labels into <paramref name="classCount"/> bins; labels of -1 (unlabelled) are skipped.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A label is outside -1..classCount-1.</exception>
        public static long[] Count(ReadOnlySpan<int> labels, int classCount)
        {
            if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must be at least 1.");
            var counts = new long[classCount];
            for (int i = 0; i < labels.Length; i++)
            {
                int label = labels[i];
                if (label == -1) continue;
                if ((uint)label >= (uint)classCount)
                    throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label at position {i} is {label}; expected 0 to {classCount - 1} or -1.");
                counts[label]++;
            }
            return counts;
        }
    }
}
