using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// A numeric dataset read in whole rows (a row is everything under one index of the first dimension,
    /// for example one 32x32x10 patch). Contiguous datasets are read directly with positional reads at
    /// the offset PureHDF reports for their first value (checked against values PureHDF decodes, so a
    /// byte order or layout the direct path does not understand falls back to PureHDF); chunked or
    /// compressed datasets are read through PureHDF hyperslab selections with a shared chunk cache.
    /// </summary>
    internal sealed class RowDataset
    {
        private const ulong ChunkCacheBytes = 32UL * 1024 * 1024;
        private readonly Hdf5Container _container;
        private readonly NativeDataset _dataset;
        private readonly long _dataOffset;
        private readonly H5DatasetAccess _access;

        private RowDataset(Hdf5Container container, NativeDataset dataset, string path, ulong[] dims, StorageType type, long dataOffset, H5DataLayoutClass layout)
        {
            _container = container;
            _dataset = dataset;
            Path = path;
            Dims = dims;
            Type = type;
            _dataOffset = dataOffset;
            Layout = layout;
            ElementSize = StorageTypes.Size(type);
            Rows = (long)dims[0];
            long perRow = 1;
            for (int i = 1; i < dims.Length; i++) perRow = checked(perRow * (long)dims[i]);
            RowElements = perRow;
            RowBytes = checked(perRow * ElementSize);
            _access = new H5DatasetAccess(null!, null!, new SimpleReadingChunkCache(521, ChunkCacheBytes));
        }

        /// <summary>The dataset's path in the file.</summary>
        public string Path { get; }

        /// <summary>The file's path.</summary>
        public string FilePath => _container.Path;

        /// <summary>The dataset's dimensions.</summary>
        public IReadOnlyList<ulong> Dims { get; }

        /// <summary>The rank (number of dimensions).</summary>
        public int Rank => Dims.Count;

        /// <summary>The element type as stored.</summary>
        public StorageType Type { get; }

        /// <summary>The storage layout.</summary>
        public H5DataLayoutClass Layout { get; }

        /// <summary>Bytes per element.</summary>
        public int ElementSize { get; }

        /// <summary>The number of rows (the first dimension).</summary>
        public long Rows { get; }

        /// <summary>Elements per row.</summary>
        public long RowElements { get; }

        /// <summary>Bytes per row.</summary>
        public long RowBytes { get; }

        /// <summary>The file offset of the first value when <see cref="IsDirect"/>, else -1.</summary>
        public long DataOffset => _dataOffset;

        /// <summary>Whether rows are read directly from the file rather than through PureHDF.</summary>
        public bool IsDirect => _dataOffset >= 0;

        /// <summary>The shape as text, for example <c>100x32x32x10</c>.</summary>
        public string ShapeText => string.Join("x", Dims);

        /// <summary>Opens a numeric dataset of rank 1 or more; throws <see cref="PatchDataException"/> for other types or a scalar.</summary>
        public static RowDataset Open(Hdf5Container container, string path, string role)
        {
            NativeDataset dataset = container.RequireDataset(path, role);
            ulong[] dims;
            StorageType? type;
            H5DataLayoutClass layout;
            string typeText;
            lock (container.Sync)
            {
                dims = dataset.Space.Dimensions;
                type = StorageTypes.From(dataset.Type);
                typeText = StorageTypes.Describe(dataset.Type);
                layout = dataset.Layout.Class;
            }
            if (dims.Length == 0)
                throw new PatchDataException(container.Path, path, $"the {role} dataset is a scalar; expected an array with one row per patch.");
            if (type == null)
                throw new PatchDataException(container.Path, path, $"the {role} dataset holds {typeText} values; expected numbers (float32 or float64).");
            long offset = layout == H5DataLayoutClass.Contiguous ? LocateContiguous(container, dataset, path, dims, type.Value) : -1;
            return new RowDataset(container, dataset, path, dims, type.Value, offset, layout);
        }

        /// <summary>Reads <paramref name="count"/> rows starting at <paramref name="first"/> as native-endian elements.</summary>
        public void ReadRows(long first, int count, Span<byte> destination)
        {
            if (first < 0 || count < 0 || first + count > Rows)
                throw new ArgumentOutOfRangeException(nameof(first), $"Rows {first}..{first + count - 1} are outside 0..{Rows - 1} of '{Path}'.");
            long bytes = count * RowBytes;
            if (destination.Length < bytes) throw new ArgumentException($"The destination holds {destination.Length} bytes; {bytes} are needed.", nameof(destination));
            if (count == 0) return;
            Span<byte> target = destination.Slice(0, (int)bytes);
            if (IsDirect) ReadDirect(_dataOffset + first * RowBytes, target);
            else ReadThroughPureHdf(first, count, target);
        }

        /// <summary>Announces that rows will be read soon, so that the operating system fetches them ahead (direct reads only).</summary>
        public void WillRead(long first, int count)
        {
            if (IsDirect && count > 0) FileAdvice.WillNeed(_container.Handle, _dataOffset + first * RowBytes, count * RowBytes);
        }

        /// <summary>Reads rows and converts them to doubles (for labels and small side tables).</summary>
        public void ReadRowsAsDouble(long first, int count, Span<double> destination, Span<byte> scratch)
        {
            ReadRows(first, count, scratch);
            StorageTypes.ToDouble(Type, scratch.Slice(0, (int)(count * RowBytes)), destination.Slice(0, (int)(count * RowElements)));
        }

        /// <summary>Reads the whole dataset as doubles, in blocks of about a megabyte.</summary>
        public double[] ReadAllAsDouble()
        {
            long total = Rows * RowElements;
            if (total > Array.MaxLength) throw new PatchDataException(FilePath, Path, $"{total:N0} values are more than one array can hold.");
            var values = new double[total];
            int blockRows = (int)Math.Max(1, (1 << 20) / Math.Max(1, RowBytes));
            byte[] scratch = new byte[blockRows * RowBytes];
            for (long first = 0; first < Rows; first += blockRows)
            {
                int rows = (int)Math.Min(blockRows, Rows - first);
                ReadRowsAsDouble(first, rows, values.AsSpan((int)(first * RowElements)), scratch);
            }
            return values;
        }

        private void ReadDirect(long offset, Span<byte> target)
        {
            int done = 0;
            while (done < target.Length)
            {
                int read = RandomAccess.Read(_container.Handle, target.Slice(done), offset + done);
                if (read == 0)
                    throw new PatchDataException(FilePath, Path, $"the file ends at byte {offset + done:N0} inside this dataset's values: the file is truncated.");
                done += read;
            }
        }

        private void ReadThroughPureHdf(long first, int count, Span<byte> target)
        {
            var starts = new ulong[Rank];
            var blocks = new ulong[Rank];
            starts[0] = (ulong)first;
            blocks[0] = (ulong)count;
            for (int d = 1; d < Rank; d++) blocks[d] = Dims[d];
            var selection = new HyperslabSelection(Rank, starts, blocks);
            var memoryDims = new[] { (ulong)(count * RowElements) };
            try
            {
                lock (_container.Sync)
                {
                    ReadTyped(_dataset, _access, Type, target, selection, memoryDims);
                }
            }
            catch (Exception e) when (e is not PatchDataException and not OutOfMemoryException)
            {
                throw new PatchDataException(FilePath, Path, $"rows {first}..{first + count - 1} cannot be read ({e.Message}); the file is damaged or truncated.", e);
            }
        }

        private static void ReadTyped(NativeDataset dataset, H5DatasetAccess access, StorageType type, Span<byte> target, Selection selection, ulong[] memoryDims)
        {
            switch (type)
            {
                case StorageType.Float64: dataset.Read(access, MemoryMarshal.Cast<byte, double>(target), selection, null, memoryDims); break;
                case StorageType.Float32: dataset.Read(access, MemoryMarshal.Cast<byte, float>(target), selection, null, memoryDims); break;
                case StorageType.Int8: dataset.Read(access, MemoryMarshal.Cast<byte, sbyte>(target), selection, null, memoryDims); break;
                case StorageType.UInt8: dataset.Read(access, target, selection, null, memoryDims); break;
                case StorageType.Int16: dataset.Read(access, MemoryMarshal.Cast<byte, short>(target), selection, null, memoryDims); break;
                case StorageType.UInt16: dataset.Read(access, MemoryMarshal.Cast<byte, ushort>(target), selection, null, memoryDims); break;
                case StorageType.Int32: dataset.Read(access, MemoryMarshal.Cast<byte, int>(target), selection, null, memoryDims); break;
                case StorageType.UInt32: dataset.Read(access, MemoryMarshal.Cast<byte, uint>(target), selection, null, memoryDims); break;
                case StorageType.Int64: dataset.Read(access, MemoryMarshal.Cast<byte, long>(target), selection, null, memoryDims); break;
                default: dataset.Read(access, MemoryMarshal.Cast<byte, ulong>(target), selection, null, memoryDims); break;
            }
        }

        /// <summary>
        /// Finds where a contiguous dataset's values start by recording the offset at which PureHDF reads
        /// its first element, then checks the direct reading of a few elements against PureHDF's decoding.
        /// Returns -1 when the direct path does not apply (storage not allocated, external storage, other byte order).
        /// </summary>
        private static long LocateContiguous(Hdf5Container container, NativeDataset dataset, string path, ulong[] dims, StorageType type)
        {
            ulong total = 1;
            foreach (ulong d in dims) total *= d;
            if (total == 0) return -1;
            int size = StorageTypes.Size(type);
            long offset;
            lock (container.Sync)
            {
                List<long> recorded = container.Recorder.StartRecording();
                try
                {
                    Span<byte> one = stackalloc byte[8];
                    ReadTyped(dataset, default, type, one.Slice(0, size), PointAt(dims, 0), new ulong[] { 1 });
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new PatchDataException(container.Path, path, $"the first value cannot be read ({e.Message}); the file is damaged or truncated.", e);
                }
                finally
                {
                    container.Recorder.StopRecording();
                }
                if (recorded.Count != 1) return -1;
                offset = recorded[0];
            }
            long end = offset + (long)total * size;
            if (end > container.Length)
                throw new PatchDataException(container.Path, path,
                    $"the values occupy bytes {offset:N0} to {end:N0} but the file has only {container.Length:N0} bytes: the file is truncated.");
            return AgreesWithPureHdf(container, dataset, dims, type, offset, total) ? offset : -1;
        }

        private static bool AgreesWithPureHdf(Hdf5Container container, NativeDataset dataset, ulong[] dims, StorageType type, long offset, ulong total)
        {
            int size = StorageTypes.Size(type);
            Span<byte> decoded = stackalloc byte[8];
            Span<byte> direct = stackalloc byte[8];
            foreach (ulong linear in new[] { 0UL, total - 1, total / 2, total / 3, (total * 7) / 11 })
            {
                lock (container.Sync)
                {
                    ReadTyped(dataset, default, type, decoded.Slice(0, size), PointAt(dims, linear), new ulong[] { 1 });
                }
                if (RandomAccess.Read(container.Handle, direct.Slice(0, size), offset + (long)linear * size) != size) return false;
                if (!decoded.Slice(0, size).SequenceEqual(direct.Slice(0, size))) return false;
            }
            return true;
        }

        private static HyperslabSelection PointAt(ulong[] dims, ulong linear)
        {
            var starts = new ulong[dims.Length];
            var blocks = new ulong[dims.Length];
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                starts[d] = linear % dims[d];
                linear /= dims[d];
                blocks[d] = 1;
            }
            return new HyperslabSelection(dims.Length, starts, blocks);
        }
    }
}
