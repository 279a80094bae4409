using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;

namespace Msmla.Data.Mapping
{
    /// <summary>
    /// Classifies the windows of a block of map rows of one scene: reads the scene rows the block needs once (as model
    /// input, nodata as NaN), cuts each cell's window into a batch, skips windows that reach outside the scene (unless
    /// reflected) or touch nodata, and predicts the batch. Memory: the block's rows and one batch.
    /// </summary>
    internal sealed class BlockClassifier
    {
        /// <summary>Predicts <c>count</c> windows of model input (NCHW) into count x classes probabilities.</summary>
        public delegate void Predict(ReadOnlySpan<float> windows, int count, Span<float> probabilities);

        private readonly MapGeometry _geometry;
        private readonly MapEdges _edges;
        private readonly int _bands;
        private readonly int _classes;
        private readonly int _batchSize;
        private readonly Predict _predict;

        public BlockClassifier(MapGeometry geometry, MapEdges edges, int bands, int classes, int batchSize, Predict predict)
        {
            _geometry = geometry;
            _edges = edges;
            _bands = bands;
            _classes = classes;
            _batchSize = batchSize;
            _predict = predict;
        }

        /// <summary>
        /// Fills, for map rows [firstRow, endRow) of <paramref name="scene"/>, each cell's probabilities (cells x classes,
        /// row-major) and whether it has data.
        /// </summary>
        public void Classify(SceneInput scene, int firstRow, int endRow, float[] probabilities, bool[] valid, Action<int>? cellsDone,
            CancellationToken cancellationToken)
        {
            MapGeometry g = _geometry;
            int width = g.SceneWidth, patch = g.Patch, mapWidth = g.Width;
            int virtualFirst = g.WindowStart(firstRow), virtualEnd = g.WindowStart(endRow - 1) + patch;
            (int readFirst, int readEnd) = RowsToRead(virtualFirst, virtualEnd);
            int rows = readEnd - readFirst;
            int plane = rows * width;
            float[] block = ArrayPool<float>.Shared.Rent(_bands * plane);
            int window = _bands * patch * patch;
            float[] batch = ArrayPool<float>.Shared.Rent(_batchSize * window);
            int[] batchCells = new int[_batchSize];
            float[] batchProbabilities = ArrayPool<float>.Shared.Rent(_batchSize * _classes);
            int[] columns = new int[patch];
            try
            {
                scene.Read(readFirst, rows, block.AsSpan(0, _bands * plane));
                Array.Clear(valid);
                Array.Fill(probabilities, float.NaN);
                int filled = 0;
                void Flush()
                {
                    if (filled == 0) return;
                    cancellationToken.ThrowIfCancellationRequested();
                    _predict(batch.AsSpan(0, filled * window), filled, batchProbabilities.AsSpan(0, filled * _classes));
                    for (int i = 0; i < filled; i++)
                    {
                        batchProbabilities.AsSpan(i * _classes, _classes).CopyTo(probabilities.AsSpan(batchCells[i] * _classes, _classes));
                        valid[batchCells[i]] = true;
                    }
                    cellsDone?.Invoke(filled);
                    filled = 0;
                }

                for (int r = firstRow; r < endRow; r++)
                {
                    int top = g.WindowStart(r);
                    bool rowInside = top >= 0 && top + patch <= g.SceneHeight;
                    int skipped = 0;
                    for (int c = 0; c < mapWidth; c++)
                    {
                        int cell = (r - firstRow) * mapWidth + c;
                        int left = g.WindowStart(c);
                        bool columnInside = left >= 0 && left + patch <= width;
                        if ((!rowInside || !columnInside) && _edges == MapEdges.NoData)
                        {
                            skipped++;
                            continue;
                        }
                        Span<float> slot = batch.AsSpan(filled * window, window);
                        if (columnInside)
                        {
                            for (int b = 0; b < _bands; b++)
                                for (int i = 0; i < patch; i++)
                                    block.AsSpan(b * plane + (Reflect(top + i, g.SceneHeight) - readFirst) * width + left, patch).CopyTo(slot.Slice((b * patch + i) * patch, patch));
                        }
                        else
                        {
                            for (int j = 0; j < patch; j++) columns[j] = Reflect(left + j, width);
                            for (int b = 0; b < _bands; b++)
                            {
                                for (int i = 0; i < patch; i++)
                                {
                                    ReadOnlySpan<float> source = block.AsSpan(b * plane + (Reflect(top + i, g.SceneHeight) - readFirst) * width, width);
                                    Span<float> target = slot.Slice((b * patch + i) * patch, patch);
                                    for (int j = 0; j < patch; j++) target[j] = source[columns[j]];
                                }
                            }
                        }
                        if (HasNaN(slot))
                        {
                            skipped++;
                            continue;
                        }
                        batchCells[filled++] = cell;
                        if (filled == _batchSize) Flush();
                    }
                    if (skipped > 0) cellsDone?.Invoke(skipped);
                }
                Flush();
            }
            finally
            {
                ArrayPool<float>.Shared.Return(block);
                ArrayPool<float>.Shared.Return(batch);
                ArrayPool<float>.Shared.Return(batchProbabilities);
            }
        }

        /// <summary>The scene rows [first, end) that hold every row the windows of virtual rows [virtualFirst, virtualEnd) read.</summary>
        private (int First, int End) RowsToRead(int virtualFirst, int virtualEnd)
        {
            int height = _geometry.SceneHeight;
            if (_edges == MapEdges.NoData) return (Math.Clamp(virtualFirst, 0, height), Math.Clamp(virtualEnd, 0, height));
            int first = int.MaxValue, end = int.MinValue;
            for (int v = virtualFirst; v < virtualEnd; v++)
            {
                int row = Reflect(v, height);
                first = Math.Min(first, row);
                end = Math.Max(end, row + 1);
            }
            return (first, end);
        }

        /// <summary>NumPy's <c>reflect</c> padding: -1 is 1, n is n - 2 (the edge is not repeated); indices inside stay.</summary>
        internal static int Reflect(int index, int size)
        {
            if (size == 1) return 0;
            int period = 2 * (size - 1);
            int m = index % period;
            if (m < 0) m += period;
            return m < size ? m : period - m;
        }

        private static bool HasNaN(ReadOnlySpan<float> values)
        {
            ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (int v = 0; v < vectors.Length; v++)
                if (!Vector.EqualsAll(vectors[v], vectors[v])) return true;
            for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
                if (float.IsNaN(values[i])) return true;
            return false;
        }
    }
}
