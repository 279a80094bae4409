using System;
using System.Buffers;
using System.Globalization;
using System.Linq;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Core.Lcz;
using Msmla.Data.Hdf5;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// The 0-based labels of a file's patches, read from its one-hot label dataset in blocks (bounded
    /// memory), checked row by row, and counted per class.
    /// </summary>
    internal sealed class LabelTable
    {
        private const int BlockBytes = 1 << 20;

        private LabelTable(int[] labels, long[] counts)
        {
            Labels = labels;
            Counts = counts;
        }

        /// <summary>One 0-based class per patch.</summary>
        public int[] Labels { get; }

        /// <summary>Patches per class.</summary>
        public long[] Counts { get; }

        /// <summary>The number of classes (the width of the one-hot rows).</summary>
        public int ClassCount => Counts.Length;

        /// <summary>Reads and checks a one-hot label dataset (N x classes).</summary>
        public static LabelTable Read(RowDataset dataset, CancellationToken cancellationToken = default)
        {
            if (dataset.Rank != 2)
                throw new PatchDataException(dataset.FilePath, dataset.Path,
                    $"labels have shape {dataset.ShapeText}; expected N x classes (one-hot rows, for So2Sat N x 17).");
            int classes = (int)dataset.Dims[1];
            if (classes < 1)
                throw new PatchDataException(dataset.FilePath, dataset.Path, $"labels have shape {dataset.ShapeText}: no classes.");
            if (dataset.Rows > Array.MaxLength)
                throw new PatchDataException(dataset.FilePath, dataset.Path, $"{dataset.Rows:N0} labels are more than one array can hold.");
            var labels = new int[dataset.Rows];
            var counts = new long[classes];
            int blockRows = (int)Math.Max(1, BlockBytes / dataset.RowBytes);
            byte[] raw = ArrayPool<byte>.Shared.Rent((int)(blockRows * dataset.RowBytes));
            double[] values = ArrayPool<double>.Shared.Rent(blockRows * classes);
            try
            {
                for (long first = 0; first < dataset.Rows; first += blockRows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int rows = (int)Math.Min(blockRows, dataset.Rows - first);
                    dataset.ReadRowsAsDouble(first, rows, values, raw);
                    for (int r = 0; r < rows; r++)
                    {
                        ReadOnlySpan<double> row = values.AsSpan(r * classes, classes);
                        int label = Decode(row);
                        if (label < 0)
                            throw new PatchDataException(dataset.FilePath, dataset.Path,
                                $"label row {first + r} is not one-hot: [{Format(row)}] (expected a single 1 and zeros elsewhere){ColumnHint(row, classes)}.");
                        labels[first + r] = label;
                        counts[label]++;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(raw);
                ArrayPool<double>.Shared.Return(values);
            }
            return new LabelTable(labels, counts);
        }

        /// <summary>Counts labels of a file's label dataset without keeping them.</summary>
        public static long[] CountOnly(RowDataset dataset, CancellationToken cancellationToken = default) =>
            ClassWeights.Count(Read(dataset, cancellationToken).Labels, (int)dataset.Dims[1]);

        private static int Decode(ReadOnlySpan<double> row)
        {
            int hot = -1;
            for (int c = 0; c < row.Length; c++)
            {
                double v = row[c];
                if (v == 1.0)
                {
                    if (hot >= 0) return -1;
                    hot = c;
                }
                else if (v != 0.0)
                {
                    return -1;
                }
            }
            return hot;
        }

        /// <summary>For a row without any 1 in a dataset that is not 17 wide: the likelier cause, a class column missing.</summary>
        private static string ColumnHint(ReadOnlySpan<double> row, int classes)
        {
            if (classes == LczClasses.Count) return "";
            foreach (double v in row)
            {
                if (v != 0.0) return "";
            }
            return $"; the dataset has {classes} columns where the LCZ scheme has {LczClasses.Count} classes: a class column may be missing";
        }

        private static string Format(ReadOnlySpan<double> row) =>
            string.Join(", ", row.ToArray().Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
    }
}
