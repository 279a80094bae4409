using System;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using Msmla.Core.Notebooks;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// Counts of (true class, predicted class) pairs for a classifier with a fixed number of classes:
    /// entry [i, j] is the number of samples of true class i predicted as class j (rows truth, columns
    /// prediction, as scikit-learn's <c>confusion_matrix</c>). Built incrementally, batch by batch, from
    /// label spans or tensors; compute the metrics with <see cref="ClassificationMetrics.Compute(ConfusionMatrix)"/>.
    /// </summary>
    /// <remarks>
    /// Classes are 0-based indices 0 to <see cref="ClassCount"/> - 1; with 17 classes they are the LCZ
    /// classes in the standard order of <see cref="Lcz.LczClasses"/> (convert So2Sat's 1-based labels by
    /// subtracting 1). Counts are 64-bit. The type is not thread-safe: give each thread its own matrix
    /// and combine them with <see cref="Merge"/>, which is exact because counts simply add.
    /// </remarks>
    [TypeFormatterSource(typeof(MetricsFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
    public sealed class ConfusionMatrix
    {
        /// <summary>The largest supported number of classes (the counts are one array of ClassCount² entries).</summary>
        public const int MaxClassCount = 46340;

        private readonly long[] _counts;
        private long _total;

        /// <summary>Creates an empty matrix for <paramref name="classCount"/> classes.</summary>
        /// <param name="classCount">The number of classes, 1 to <see cref="MaxClassCount"/> (17 for LCZ).</param>
        /// <exception cref="ArgumentOutOfRangeException">The class count is out of range.</exception>
        public ConfusionMatrix(int classCount)
        {
            if (classCount < 1 || classCount > MaxClassCount)
                throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"The class count must be 1 to {MaxClassCount}.");
            ClassCount = classCount;
            _counts = new long[classCount * classCount];
        }

        /// <summary>
        /// Creates a matrix holding given counts, rows truth and columns prediction (for example a
        /// published confusion matrix).
        /// </summary>
        /// <exception cref="ArgumentException">The array is not square, is empty, or holds a negative count.</exception>
        public static ConfusionMatrix FromCounts(long[,] counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            int rows = counts.GetLength(0), columns = counts.GetLength(1);
            if (rows != columns || rows < 1)
                throw new ArgumentException($"A confusion matrix must be square with at least one class; got {rows} x {columns}.", nameof(counts));
            var matrix = new ConfusionMatrix(rows);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                {
                    if (counts[i, j] < 0)
                        throw new ArgumentException($"Count [{i}, {j}] is negative ({counts[i, j]}).", nameof(counts));
                    matrix.Add(i, j, counts[i, j]);
                }
            return matrix;
        }

        /// <summary>The number of classes (rows and columns).</summary>
        public int ClassCount { get; }

        /// <summary>The number of samples counted (N, the sum of all entries).</summary>
        public long Total => _total;

        /// <summary>The number of correctly classified samples (the trace).</summary>
        public long Correct
        {
            get
            {
                long sum = 0;
                for (int i = 0; i < ClassCount; i++) sum += _counts[i * ClassCount + i];
                return sum;
            }
        }

        /// <summary>The number of samples of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A class index is out of range.</exception>
        public long this[int truth, int predicted]
        {
            get
            {
                CheckClass(truth, nameof(truth));
                CheckClass(predicted, nameof(predicted));
                return _counts[truth * ClassCount + predicted];
            }
        }

        /// <summary>The sum of row <paramref name="truth"/>: the number of samples of that true class (its support).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The class index is out of range.</exception>
        public long RowSum(int truth)
        {
            CheckClass(truth, nameof(truth));
            long sum = 0;
            int start = truth * ClassCount;
            for (int j = 0; j < ClassCount; j++) sum += _counts[start + j];
            return sum;
        }

        /// <summary>The sum of column <paramref name="predicted"/>: the number of samples predicted as that class.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The class index is out of range.</exception>
        public long ColumnSum(int predicted)
        {
            CheckClass(predicted, nameof(predicted));
            long sum = 0;
            for (int i = 0; i < ClassCount; i++) sum += _counts[i * ClassCount + predicted];
            return sum;
        }

        /// <summary>A new array of the row sums (samples per true class).</summary>
        public long[] RowSums()
        {
            var sums = new long[ClassCount];
            for (int i = 0; i < ClassCount; i++)
                for (int j = 0; j < ClassCount; j++)
                    sums[i] += _counts[i * ClassCount + j];
            return sums;
        }

        /// <summary>A new array of the column sums (samples per predicted class).</summary>
        public long[] ColumnSums()
        {
            var sums = new long[ClassCount];
            for (int i = 0; i < ClassCount; i++)
                for (int j = 0; j < ClassCount; j++)
                    sums[j] += _counts[i * ClassCount + j];
            return sums;
        }

        /// <summary>Counts one sample of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A class index is out of range.</exception>
        /// <exception cref="OverflowException">The total would exceed <see cref="long.MaxValue"/>.</exception>
        public void Add(int truth, int predicted)
        {
            CheckClass(truth, nameof(truth));
            CheckClass(predicted, nameof(predicted));
            _total = checked(_total + 1);
            _counts[truth * ClassCount + predicted]++;
        }

        /// <summary>Counts <paramref name="count"/> samples of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A class index is out of range or the count is negative.</exception>
        /// <exception cref="OverflowException">A count would exceed <see cref="long.MaxValue"/>.</exception>
        public void Add(int truth, int predicted, long count)
        {
            CheckClass(truth, nameof(truth));
            CheckClass(predicted, nameof(predicted));
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count must not be negative.");
            int at = truth * ClassCount + predicted;
            long total = checked(_total + count);
            _counts[at] += count;
            _total = total;
        }

        /// <summary>
        /// Counts a batch of samples given as 0-based class labels: sample k has true class
        /// <paramref name="truth"/>[k] and predicted class <paramref name="predicted"/>[k].
        /// </summary>
        /// <exception cref="ArgumentException">
        /// The spans differ in length, or a label is outside 0 to <see cref="ClassCount"/> - 1 (the matrix
        /// is then unchanged).
        /// </exception>
        public void Add(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
        {
            if (truth.Length != predicted.Length)
                throw new ArgumentException($"The truth has {truth.Length} labels but the prediction has {predicted.Length}.", nameof(predicted));
            uint classCount = (uint)ClassCount;
            for (int k = 0; k < truth.Length; k++)
            {
                if ((uint)truth[k] >= classCount) throw LabelOutOfRange(nameof(truth), "truth", truth[k], k);
                if ((uint)predicted[k] >= classCount) throw LabelOutOfRange(nameof(predicted), "predicted", predicted[k], k);
            }
            _total = checked(_total + truth.Length);
            for (int k = 0; k < truth.Length; k++) _counts[truth[k] * ClassCount + predicted[k]]++;
        }

        /// <summary>
        /// Counts a batch of samples given as tensors on any device: <paramref name="truth"/> holds 0-based
        /// class labels (rank 1, integer type, N entries); <paramref name="predicted"/> holds either labels
        /// (rank 1, integer type, N entries) or class scores (rank 2, floating type, N x
        /// <see cref="ClassCount"/>: logits or probabilities), whose arg-max over dimension 1 is the
        /// predicted class (the first of tied maxima, as <c>torch.argmax</c>; gradients are not tracked). NaN scores are rejected.
        /// </summary>
        /// <remarks>
        /// The pairs are counted with one <c>bincount</c> on the tensors' device and a single copy of the
        /// ClassCount² counts to the CPU. The input tensors are not modified or disposed.
        /// </remarks>
        /// <exception cref="ArgumentException">
        /// A tensor has the wrong rank, type, length or number of classes; the tensors are on different
        /// devices; a label is out of range; or a score is NaN. The matrix is then unchanged.
        /// </exception>
        public void Add(Tensor truth, Tensor predicted)
        {
            ArgumentNullException.ThrowIfNull(truth);
            ArgumentNullException.ThrowIfNull(predicted);
            if (truth.Dimensions != 1 || !IsIntegerType(truth.dtype))
                throw new ArgumentException($"The truth must be a rank-1 tensor of integer class labels; got {Describe(truth)}.", nameof(truth));
            long n = truth.shape[0];
            bool scores = predicted.Dimensions == 2;
            if (scores)
            {
                if (!IsFloatingType(predicted.dtype) || predicted.shape[0] != n || predicted.shape[1] != ClassCount)
                    throw new ArgumentException(
                        $"Predicted scores must be a floating-point tensor of shape [{n}, {ClassCount}] (samples x classes); got {Describe(predicted)}.",
                        nameof(predicted));
            }
            else if (predicted.Dimensions != 1 || !IsIntegerType(predicted.dtype) || predicted.shape[0] != n)
            {
                throw new ArgumentException(
                    $"The prediction must be integer labels of shape [{n}] or floating-point scores of shape [{n}, {ClassCount}]; got {Describe(predicted)}.",
                    nameof(predicted));
            }
            if (truth.device_type != predicted.device_type || truth.device_index != predicted.device_index)
                throw new ArgumentException($"The truth is on {truth.device} but the prediction is on {predicted.device}.", nameof(predicted));
            if (n == 0) return;

            using var scope = NewDisposeScope();
            using var noGrad = no_grad(); // scores straight from a model in training need no graph here
            Tensor t = truth.to_type(ScalarType.Int64);
            Tensor p, nanRows;
            if (scores)
            {
                // max propagates NaN, so a row holding a NaN score has a NaN maximum: checking the N
                // maxima is enough, and much cheaper than checking all N x C scores.
                (Tensor maxima, p) = predicted.max(1);
                nanRows = maxima.isnan().sum().to_type(ScalarType.Int64);
            }
            else
            {
                p = predicted.to_type(ScalarType.Int64);
                nanRows = zeros(1, ScalarType.Int64, t.device).sum();
            }
            // One synchronisation for every check: label ranges and the number of rows with a NaN score.
            Tensor checks = stack(new[] { t.min(), t.max(), p.min(), p.max(), nanRows }).cpu();
            ReadOnlySpan<long> c = MemoryMarshal.Cast<byte, long>(checks.bytes);
            if (c[4] > 0)
            {
                long row = isnan(predicted).any(1).to_type(ScalarType.Int64).argmax().cpu().item<long>();
                throw new ArgumentException($"The predicted scores hold NaN values in {c[4]} row(s), the first row {row}.", nameof(predicted));
            }
            if (c[0] < 0 || c[1] >= ClassCount) throw TensorLabelOutOfRange(t, nameof(truth), "truth");
            if (c[2] < 0 || c[3] >= ClassCount) throw TensorLabelOutOfRange(p, nameof(predicted), "predicted");

            Tensor counts = (t * ClassCount + p).bincount(null, (long)ClassCount * ClassCount).cpu();
            ReadOnlySpan<long> added = MemoryMarshal.Cast<byte, long>(counts.bytes);
            _total = checked(_total + n);
            for (int k = 0; k < _counts.Length; k++) _counts[k] += added[k];
        }

        /// <summary>Adds the counts of another matrix with the same number of classes (for example one per batch or per thread).</summary>
        /// <exception cref="ArgumentException">The class counts differ.</exception>
        /// <exception cref="OverflowException">A count would exceed <see cref="long.MaxValue"/>.</exception>
        public void Merge(ConfusionMatrix other)
        {
            ArgumentNullException.ThrowIfNull(other);
            if (other.ClassCount != ClassCount)
                throw new ArgumentException($"Cannot merge a {other.ClassCount}-class confusion matrix into a {ClassCount}-class one.", nameof(other));
            // Every entry is at most the total, so a total that fits means every entry fits.
            _total = checked(_total + other._total);
            for (int k = 0; k < _counts.Length; k++) _counts[k] += other._counts[k];
        }

        /// <summary>Sets every count to zero.</summary>
        public void Clear()
        {
            Array.Clear(_counts);
            _total = 0;
        }

        /// <summary>A new matrix with the same counts.</summary>
        public ConfusionMatrix Clone()
        {
            var copy = new ConfusionMatrix(ClassCount);
            _counts.CopyTo(copy._counts, 0);
            copy._total = _total;
            return copy;
        }

        /// <summary>A new array of the counts, [truth, predicted].</summary>
        public long[,] ToArray()
        {
            var array = new long[ClassCount, ClassCount];
            for (int i = 0; i < ClassCount; i++)
                for (int j = 0; j < ClassCount; j++)
                    array[i, j] = _counts[i * ClassCount + j];
            return array;
        }

        /// <summary>
        /// A new array of the counts scaled as scikit-learn's <c>confusion_matrix(normalize=...)</c> does:
        /// rows, columns or the whole matrix sum to 1; a row or column with no samples (or an empty
        /// matrix) gives zeros, as scikit-learn's <c>nan_to_num</c> does.
        /// </summary>
        /// <param name="normalization">Which sums to divide by; <see cref="ConfusionMatrixNormalization.Truth"/> (row-normalised) gives the per-class recall on the diagonal.</param>
        /// <exception cref="ArgumentOutOfRangeException">The normalisation is not a defined value.</exception>
        public double[,] Normalize(ConfusionMatrixNormalization normalization = ConfusionMatrixNormalization.Truth)
        {
            long[] divisors = normalization switch
            {
                ConfusionMatrixNormalization.Truth => RowSums(),
                ConfusionMatrixNormalization.Predicted => ColumnSums(),
                ConfusionMatrixNormalization.All => new[] { _total },
                _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "Unknown normalisation."),
            };
            var result = new double[ClassCount, ClassCount];
            for (int i = 0; i < ClassCount; i++)
                for (int j = 0; j < ClassCount; j++)
                {
                    long divisor = normalization switch
                    {
                        ConfusionMatrixNormalization.Truth => divisors[i],
                        ConfusionMatrixNormalization.Predicted => divisors[j],
                        _ => divisors[0],
                    };
                    result[i, j] = divisor == 0 ? 0.0 : _counts[i * ClassCount + j] / (double)divisor;
                }
            return result;
        }

        /// <inheritdoc />
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"ConfusionMatrix({ClassCount} classes, {_total} samples, {Correct} correct)");

        private void CheckClass(int index, string name)
        {
            if ((uint)index >= (uint)ClassCount)
                throw new ArgumentOutOfRangeException(name, index, $"A class index is 0 to {ClassCount - 1}.");
        }

        private ArgumentException LabelOutOfRange(string parameter, string what, long label, long position) =>
            new($"The {what} label {label} at position {position} is outside the class range 0 to {ClassCount - 1}.", parameter);

        private ArgumentException TensorLabelOutOfRange(Tensor labels, string parameter, string what)
        {
            long position = labels.lt(0).logical_or(labels.ge(ClassCount)).to_type(ScalarType.Int64).argmax().cpu().item<long>();
            long label = labels[position].cpu().item<long>();
            return LabelOutOfRange(parameter, what, label, position);
        }

        private static bool IsIntegerType(ScalarType type) =>
            type is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;

        private static bool IsFloatingType(ScalarType type) =>
            type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

        private static string Describe(Tensor tensor) =>
            $"{tensor.dtype} of shape [{string.Join(", ", tensor.shape)}]";
    }
}
