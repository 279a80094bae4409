using System;

namespace Msmla.Data.Hdf5
{
    /// <summary>Receives whole rows (native-endian elements) of one dataset being written.</summary>
    internal abstract class RowSink : IDisposable
    {
        protected RowSink(string datasetPath, long rows, long rowBytes)
        {
            DatasetPath = datasetPath;
            Rows = rows;
            RowBytes = rowBytes;
        }

        /// <summary>The dataset written.</summary>
        public string DatasetPath { get; }

        /// <summary>Rows in the dataset.</summary>
        public long Rows { get; }

        /// <summary>Bytes per row.</summary>
        public long RowBytes { get; }

        /// <summary>Writes <paramref name="rows"/> rows from <paramref name="first"/>.</summary>
        public abstract void Write(long first, int rows, ReadOnlySpan<byte> data);

        /// <summary>The first row never written, or -1 when every row has been written.</summary>
        public abstract long FirstMissingRow();

        /// <summary>Writes anything still buffered.</summary>
        public abstract void Flush();

        public abstract void Dispose();

        protected void CheckRange(long first, int rows, ReadOnlySpan<byte> data)
        {
            if (first < 0 || rows < 1 || first + rows > Rows)
                throw new ArgumentOutOfRangeException(nameof(first), $"Rows {first}..{first + rows - 1} are outside 0..{Rows - 1} of '{DatasetPath}'.");
            if (data.Length != rows * RowBytes)
                throw new ArgumentException($"{data.Length} bytes given for {rows} rows of {RowBytes} bytes.", nameof(data));
        }
    }
}
