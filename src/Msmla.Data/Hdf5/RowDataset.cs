using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Hdf5;
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
    /// compressed datasets are read through PureHDF hyperslab selections with a shared chunk cache. Big-endian numbers
    /// are read as raw bytes on both paths and swapped. A chunk that was never written is refused as missing data
    /// (<see cref="WrittenChunkCache"/>), not read as HDF5's fill value.
    /// </summary>
    internal sealed class RowDataset
    {
        private const ulong ChunkCacheBytes = 32UL * 1024 * 1024;

        /// <summary>The largest row (one patch, or one label row) accepted: 256 MB.</summary>
        private const long MaxRowBytes = 1L << 28;

        private readonly Hdf5Container _container;
        private readonly NativeDataset _dataset;
        private readonly long _dataOffset;
        private readonly H5DatasetAccess _access;
        private readonly bool _bigEndian;

        private RowDataset(Hdf5Container container, NativeDataset dataset, string path, ulong[] dims, StorageType type, long dataOffset,
            H5DataLayoutClass layout, bool bigEndian, long rowElements)
        {
            _container = container;
            _dataset = dataset;
            Path = path;
            Dims = dims;
            Type = type;
            _dataOffset = dataOffset;
            Layout = layout;
            _bigEndian = bigEndian;
            ElementSize = StorageTypes.Size(type);
            Rows = (long)dims[0];
            RowElements = rowElements;
            RowBytes = rowElements * ElementSize;
            // External storage and virtual datasets (when allowed) name their files relative to this file's directory.
            string? externalPrefix = container.AllowExternalFiles ? container.Navigator.Directory : null;
            _access = new H5DatasetAccess(externalPrefix, externalPrefix,
                new WrittenChunkCache(new SimpleReadingChunkCache(521, ChunkCacheBytes), container.Recorder));
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

        /// <summary>
        /// Opens a numeric dataset of rank 1 or more; throws <see cref="PatchDataException"/> for other types, a scalar, rows
        /// over 256 MB, values stored in other files (unless the container allows them), values that were never written,
        /// and filters PureHDF cannot decode (named as unsupported).
        /// </summary>
        public static RowDataset Open(Hdf5Container container, string path, string role)
        {
            NativeDataset dataset = container.RequireDataset(path, role);
            Hdf5DatasetStorage storage = container.Storage(path);
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
            long rowElements = RowElementsOf(container, path, role, dims, StorageTypes.Size(type.Value));
            CheckStorage(container, path, role, storage, dims);
            long offset = layout == H5DataLayoutClass.Contiguous && !storage.ExternalStorage
                ? LocateContiguous(container, dataset, path, dims, type.Value, storage.BigEndian)
                : -1;
            var opened = new RowDataset(container, dataset, path, dims, type.Value, offset, layout, storage.BigEndian, rowElements);
            if (!opened.IsDirect) opened.Probe(storage);
            return opened;
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
            if (_bigEndian) SwapBytes(target, ElementSize);
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
            try
            {
                lock (_container.Sync)
                {
                    Read(_dataset, _access, Type, _bigEndian, target, selection);
                }
            }
            catch (Exception e) when (WrittenChunkCache.FindUnwritten(e) is { } unwritten)
            {
                throw new PatchDataException(FilePath, Path,
                    $"rows {first}..{first + count - 1} lie in a chunk that was never written ({unwritten.Message}): HDF5 holds no values for them " +
                    "and would return its fill value. The file was not written completely (an interrupted writer?); it is refused as missing data.", e);
            }
            catch (Exception e) when (e is not PatchDataException and not OutOfMemoryException)
            {
                throw new PatchDataException(FilePath, Path, Hdf5Failure.Explain($"rows {first}..{first + count - 1}", e), e);
            }
        }

        /// <summary>
        /// Reads the first and the last row through PureHDF once at open, so that a chunk never written, or a filter
        /// PureHDF cannot decode, is reported at once (naming the filters as unsupported) rather than in the middle of a run.
        /// </summary>
        private void Probe(Hdf5DatasetStorage storage)
        {
            if (Rows == 0) return;
            byte[] row = new byte[RowBytes];
            foreach (long index in Rows == 1 ? new[] { 0L } : new[] { 0L, Rows - 1 })
            {
                try
                {
                    ReadRows(index, 1, row);
                }
                catch (PatchDataException e) when (storage.UnusualFilters.Any() && Hdf5Failure.IsUnsupported(e))
                {
                    string filters = string.Join(", ", storage.UnusualFilters);
                    throw new PatchDataException(FilePath, Path,
                        $"its values are compressed with {filters}, which PureHDF, the HDF5 reader used here, does not decode " +
                        "(unless the application registers it with PureHDF's H5Filter.Register). Rewrite the file without it, " +
                        "for example with h5repack -f NONE (uncompressed, fastest to read) or -f GZIP=4.", e);
                }
            }
        }

        /// <summary>
        /// Reads a selection through PureHDF into <paramref name="target"/>: converted to the native type, or as raw bytes
        /// for big-endian data (PureHDF 2.2 does not convert byte order; the caller swaps).
        /// </summary>
        private static void Read(NativeDataset dataset, H5DatasetAccess access, StorageType type, bool bigEndian, Span<byte> target, Selection selection)
        {
            if (bigEndian)
            {
                // Raw mode: the memory dimensions are counted in bytes.
                dataset.Read(access, target, selection, null, new[] { (ulong)target.Length });
                return;
            }
            var memoryDims = new[] { (ulong)(target.Length / StorageTypes.Size(type)) };
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

        /// <summary>Reverses the byte order of every element of <paramref name="data"/> in place.</summary>
        private static void SwapBytes(Span<byte> data, int elementSize)
        {
            switch (elementSize)
            {
                case 2:
                    Span<ushort> shorts = MemoryMarshal.Cast<byte, ushort>(data);
                    BinaryPrimitives.ReverseEndianness(shorts, shorts);
                    break;
                case 4:
                    Span<uint> ints = MemoryMarshal.Cast<byte, uint>(data);
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                    break;
                case 8:
                    Span<ulong> longs = MemoryMarshal.Cast<byte, ulong>(data);
                    BinaryPrimitives.ReverseEndianness(longs, longs);
                    break;
            }
        }

        private static long RowElementsOf(Hdf5Container container, string path, string role, ulong[] dims, int elementSize)
        {
            long perRow = 1;
            for (int i = 1; i < dims.Length; i++)
            {
                if (dims[i] > (ulong)(MaxRowBytes / elementSize) || (dims[i] > 0 && perRow > MaxRowBytes / elementSize / (long)dims[i]))
                    throw new PatchDataException(container.Path, path,
                        $"the {role} dataset has shape {string.Join("x", dims)}: one row (patch) would hold more than {MaxRowBytes / (1 << 20)} MB, more than this reader accepts.");
                perRow *= (long)dims[i];
            }
            if (dims[0] > (ulong)(long.MaxValue / Math.Max(1, perRow * elementSize)))
                throw new PatchDataException(container.Path, path, $"the {role} dataset has shape {string.Join("x", dims)}, more values than a file can hold.");
            return perRow;
        }

        /// <summary>Refuses values kept in other files (unless allowed) and values never written.</summary>
        private static void CheckStorage(Hdf5Container container, string path, string role, Hdf5DatasetStorage storage, ulong[] dims)
        {
            bool elsewhere = storage.ExternalStorage || storage.Layout == Hdf5LayoutClass.Virtual;
            if (elsewhere && !container.AllowExternalFiles)
                throw new PatchDataException(container.Path, path,
                    $"the {role} dataset keeps its values in other files ({(storage.ExternalStorage ? "external storage" : "a virtual dataset")}); " +
                    "values in other files are not read unless the read options allow external files (AllowExternalFiles).");
            if (storage.Allocated == false && dims.All(d => d > 0))
                throw new PatchDataException(container.Path, path,
                    $"no values of the {role} dataset ({string.Join("x", dims)}) were ever written: the file holds no storage for them " +
                    "(HDF5 would return its fill value for every patch). It is refused as missing data.");
        }

        /// <summary>
        /// Finds where a contiguous dataset's values start by recording the offset at which PureHDF reads
        /// its first element, then checks the direct reading of a few elements against PureHDF's decoding.
        /// Returns -1 when the direct path does not apply (PureHDF does not read the values from this file in one piece).
        /// </summary>
        private static long LocateContiguous(Hdf5Container container, NativeDataset dataset, string path, ulong[] dims, StorageType type, bool bigEndian)
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
                    Read(dataset, default, type, bigEndian, one.Slice(0, size), PointAt(dims, 0));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new PatchDataException(container.Path, path, Hdf5Failure.Explain("the first value", e), e);
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
            return AgreesWithPureHdf(container, dataset, dims, type, bigEndian, offset, total) ? offset : -1;
        }

        private static bool AgreesWithPureHdf(Hdf5Container container, NativeDataset dataset, ulong[] dims, StorageType type, bool bigEndian, long offset, ulong total)
        {
            int size = StorageTypes.Size(type);
            Span<byte> decoded = stackalloc byte[8];
            Span<byte> direct = stackalloc byte[8];
            foreach (ulong linear in new[] { 0UL, total - 1, total / 2, total / 3, (total * 7) / 11 })
            {
                lock (container.Sync)
                {
                    Read(dataset, default, type, bigEndian, decoded.Slice(0, size), PointAt(dims, linear));
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
