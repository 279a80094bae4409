using System;
using System.Collections.Generic;

namespace Msmla.Models.Inference
{
    /// <summary>Class probabilities and predicted labels for a set of patches.</summary>
    public sealed class PredictionResult
    {
        private readonly float[] _probabilities;
        private readonly int[] _labels;

        /// <summary>Wraps probabilities (row-major, one row of <paramref name="classes"/> values per patch) and labels.</summary>
        /// <exception cref="ArgumentException">The lengths disagree.</exception>
        public PredictionResult(float[] probabilities, int[] labels, int classes, long[]? sourceIndices = null, int[]? trueLabels = null)
        {
            _probabilities = probabilities ?? throw new ArgumentNullException(nameof(probabilities));
            _labels = labels ?? throw new ArgumentNullException(nameof(labels));
            if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "There must be at least one class.");
            if (probabilities.Length != (long)labels.Length * classes)
                throw new ArgumentException($"{probabilities.Length} probabilities do not make {labels.Length} rows of {classes} classes.", nameof(probabilities));
            if (sourceIndices != null && sourceIndices.Length != labels.Length)
                throw new ArgumentException($"{sourceIndices.Length} source indices for {labels.Length} patches.", nameof(sourceIndices));
            if (trueLabels != null && trueLabels.Length != labels.Length)
                throw new ArgumentException($"{trueLabels.Length} true labels for {labels.Length} patches.", nameof(trueLabels));
            Classes = classes;
            SourceIndices = sourceIndices;
            TrueLabels = trueLabels;
        }

        /// <summary>The number of patches.</summary>
        public int Count => _labels.Length;

        /// <summary>The number of classes.</summary>
        public int Classes { get; }

        /// <summary>All probabilities, row-major: patch i's class c is at <c>i * Classes + c</c>. Each row sums to 1.</summary>
        public ReadOnlySpan<float> Probabilities => _probabilities;

        /// <summary>The 0-based predicted class of each patch (the most probable; the lowest index on ties).</summary>
        public IReadOnlyList<int> Labels => _labels;

        /// <summary>For predictions over an <see cref="Msmla.Core.Data.IPatchSource"/>, each patch's index in the source; otherwise null.</summary>
        public IReadOnlyList<long>? SourceIndices { get; }

        /// <summary>For predictions over a labelled <see cref="Msmla.Core.Data.IPatchSource"/>, each patch's true label; otherwise null.</summary>
        public IReadOnlyList<int>? TrueLabels { get; }

        /// <summary>The class probabilities of patch <paramref name="index"/>.</summary>
        public ReadOnlySpan<float> ProbabilitiesOf(int index)
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The patch index must be 0 to {Count - 1}.");
            return _probabilities.AsSpan(index * Classes, Classes);
        }

        /// <summary>Copies the labels into a new array.</summary>
        public int[] LabelsToArray() => (int[])_labels.Clone();

        /// <summary>Copies the probabilities into a new [Count, Classes] array.</summary>
        public float[,] ToMatrix()
        {
            var matrix = new float[Count, Classes];
            for (int i = 0; i < Count; i++)
            {
                for (int c = 0; c < Classes; c++) matrix[i, c] = _probabilities[i * Classes + c];
            }
            return matrix;
        }
    }
}
