using System.Collections.Generic;
using Msmla.Data.Scenes;

namespace Msmla.Data.Mapping
{
    /// <summary>A map, or the block of rows a shard mapped, and the files written.</summary>
    public sealed class LczMapResult
    {
        internal LczMapResult(RasterGrid grid, int firstRow, int endRow, byte[] labels, float[]? probabilities, int probabilityBands, long noDataCells,
            IReadOnlyList<string> files, bool skipped)
        {
            Grid = grid;
            FirstRow = firstRow;
            EndRow = endRow;
            Labels = labels;
            Probabilities = probabilities;
            ProbabilityBands = probabilityBands;
            NoDataCells = noDataCells;
            Files = files;
            Skipped = skipped;
        }

        /// <summary>The whole map's grid: size in cells, geotransform (the scene's, with pixels step times larger) and CRS.</summary>
        public RasterGrid Grid { get; }

        /// <summary>The first map row of <see cref="Labels"/> (0 unless a shard).</summary>
        public int FirstRow { get; }

        /// <summary>The map row after the last of <see cref="Labels"/>.</summary>
        public int EndRow { get; }

        /// <summary>
        /// The LCZ labels of rows [<see cref="FirstRow"/>, <see cref="EndRow"/>), row by row: 1-17 (LCZ 1-10, A-G), 0 for
        /// nodata. Empty when <see cref="Skipped"/>.
        /// </summary>
        public byte[] Labels { get; }

        /// <summary>
        /// The probabilities of those rows laid out [band][row][column] (NaN for nodata), or null when none were asked for
        /// or <see cref="Skipped"/>.
        /// </summary>
        public float[]? Probabilities { get; }

        /// <summary>The number of bands of <see cref="Probabilities"/>: 0, 1 (the mapped class) or the class count.</summary>
        public int ProbabilityBands { get; }

        /// <summary>The cells of these rows without a class (their window reached outside the scene or touched nodata in every scene).</summary>
        public long NoDataCells { get; }

        /// <summary>The files written (empty when nothing was written).</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>True when a shard found its own complete output from an identical earlier run and did nothing.</summary>
        public bool Skipped { get; }
    }
}
