using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Msmla.Core.Preprocessing;
using Msmla.Data.Hdf5;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// Writes files in the So2Sat LCZ42 layout (readable by h5py, the reference HDF5 library, and by
    /// <see cref="So2SatReader"/>): patches given as float32 NCHW (or NHWC float64) are stored channels
    /// last, labels given as 0-based classes are stored one-hot. Uncompressed files stream to disk: PureHDF
    /// lays out the file when it is created, and patches are then written in place, in any order and
    /// in pieces, so files larger than memory can be written. Call <see cref="Complete"/> at the end: it
    /// checks that every patch and label was written.
    /// </summary>
    public sealed class So2SatWriter : IDisposable
    {
        private readonly Dictionary<string, RowSink> _sinks = new();
        private readonly SafeFileHandle? _handle;
        private readonly H5NativeWriter? _chunkedWriter;
        private readonly int _pixels;
        private bool _closed;

        private So2SatWriter(string path, So2SatWriterOptions options, SafeFileHandle? handle, H5NativeWriter? chunkedWriter, IEnumerable<RowSink> sinks)
        {
            Path = path;
            Options = options;
            _handle = handle;
            _chunkedWriter = chunkedWriter;
            _pixels = options.PatchSize * options.PatchSize;
            foreach (RowSink sink in sinks) _sinks[sink.DatasetPath] = sink;
        }

        /// <summary>The file being written.</summary>
        public string Path { get; }

        /// <summary>The file's shape and storage.</summary>
        public So2SatWriterOptions Options { get; }

        /// <summary>Creates (or replaces) a file and lays out its datasets.</summary>
        /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
        /// <exception cref="ArgumentException">Compressed writing of data larger than half the available memory (see <see cref="So2SatWriterOptions.Compress"/>).</exception>
        public static So2SatWriter Create(string path, So2SatWriterOptions options)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            (options ?? throw new ArgumentNullException(nameof(options))).Validate();
            List<(string Name, ulong[] Dims, bool Label)> layout = Layout(options);
            return options.Compress ? CreateChunked(path, options, layout) : CreateContiguous(path, options, layout);
        }

        /// <summary>Writes patches given as float32 NCHW (count x channels x size x size) from patch <paramref name="first"/> on.</summary>
        /// <param name="sensor">Sentinel2 or Sentinel1: the dataset to write.</param>
        /// <param name="first">The index of the first patch.</param>
        /// <param name="patches">The patches, channels first; the count follows from the length.</param>
        public void WritePatches(SensorModality sensor, long first, ReadOnlySpan<float> patches)
        {
            (RowSink sink, int channels) = Sink(sensor);
            int count = Count(patches.Length, channels * _pixels, sensor);
            int elementSize = Options.Float32 ? sizeof(float) : sizeof(double);
            int piece = Math.Max(1, (1 << 20) / (channels * _pixels * elementSize));
            byte[] scratch = ArrayPool<byte>.Shared.Rent(Math.Min(piece, count) * channels * _pixels * elementSize);
            try
            {
                for (int done = 0; done < count; done += piece)
                {
                    int rows = Math.Min(piece, count - done);
                    int values = rows * channels * _pixels;
                    ReadOnlySpan<float> source = patches.Slice(done * channels * _pixels, values);
                    if (Options.Float32) ToNhwc(source, MemoryMarshal.Cast<byte, float>(scratch.AsSpan(0, values * sizeof(float))), rows, channels);
                    else ToNhwc(source, MemoryMarshal.Cast<byte, double>(scratch.AsSpan(0, values * sizeof(double))), rows, channels);
                    sink.Write(first + done, rows, scratch.AsSpan(0, values * elementSize));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        /// <summary>Writes patches already in the file's own layout: float64, channels last (count x size x size x channels).</summary>
        public void WritePatchesNhwc(SensorModality sensor, long first, ReadOnlySpan<double> patches)
        {
            (RowSink sink, int channels) = Sink(sensor);
            int count = Count(patches.Length, channels * _pixels, sensor);
            if (!Options.Float32)
            {
                sink.Write(first, count, MemoryMarshal.AsBytes(patches));
                return;
            }
            float[] narrowed = ArrayPool<float>.Shared.Rent(patches.Length);
            try
            {
                for (int i = 0; i < patches.Length; i++) narrowed[i] = (float)patches[i];
                sink.Write(first, count, MemoryMarshal.AsBytes(narrowed.AsSpan(0, patches.Length)));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(narrowed);
            }
        }

        /// <summary>Writes 0-based class labels (stored one-hot) from patch <paramref name="first"/> on.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A label is outside 0..ClassCount-1.</exception>
        public void WriteLabels(long first, ReadOnlySpan<int> labels)
        {
            ThrowIfClosed();
            if (labels.IsEmpty) return;
            int classes = Options.ClassCount;
            var oneHot = new double[labels.Length * classes];
            for (int i = 0; i < labels.Length; i++)
            {
                if ((uint)labels[i] >= (uint)classes)
                    throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {i} is {labels[i]}; expected 0 to {classes - 1}.");
                oneHot[i * classes + labels[i]] = 1.0;
            }
            _sinks[Options.LabelDataset].Write(first, labels.Length, MemoryMarshal.AsBytes(oneHot.AsSpan()));
        }

        /// <summary>Checks that every patch and label was written and closes the file.</summary>
        /// <exception cref="InvalidOperationException">Some rows were never written (named by dataset and row).</exception>
        public void Complete()
        {
            ThrowIfClosed();
            foreach (RowSink sink in _sinks.Values)
            {
                sink.Flush();
                long missing = sink.FirstMissingRow();
                if (missing >= 0)
                    throw new InvalidOperationException($"{Path}: row {missing} of '{sink.DatasetPath}' (and maybe others) was never written; write all {sink.Rows} rows before Complete.");
            }
            Close();
        }

        /// <summary>Closes the file. Without <see cref="Complete"/>, rows not written hold zeros.</summary>
        public void Dispose()
        {
            if (_closed) return;
            foreach (RowSink sink in _sinks.Values) sink.Flush();
            Close();
        }

        private void Close()
        {
            _closed = true;
            foreach (RowSink sink in _sinks.Values) sink.Dispose();
            _chunkedWriter?.Dispose();
            _handle?.Dispose();
        }

        private static So2SatWriter CreateContiguous(string path, So2SatWriterOptions options, List<(string Name, ulong[] Dims, bool Label)> layout)
        {
            var file = new H5File();
            foreach ((string name, ulong[] dims, bool label) in layout)
            {
                file[name] = options.Float32 && !label ? new H5Dataset<float[]>(fileDims: dims) : new H5Dataset<double[]>(fileDims: dims);
            }
            using (file.BeginWrite(path, new H5WriteOptions(PreferCompactDatasetLayout: false)))
            {
                // Laying out the datasets is all PureHDF does here; values are written in place below.
            }
            var offsets = new List<(string Name, long Offset, long Rows, long RowBytes)>();
            using (Hdf5Container container = Hdf5Container.Open(path))
            {
                foreach ((string name, _, _) in layout)
                {
                    RowDataset dataset = RowDataset.Open(container, name, "new");
                    if (!dataset.IsDirect)
                        throw new InvalidOperationException($"{path}: PureHDF did not lay out '{name}' as contiguous storage ({dataset.Layout}); it cannot be written in place.");
                    offsets.Add((name, dataset.DataOffset, dataset.Rows, dataset.RowBytes));
                }
            }
            SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            var sinks = new List<RowSink>();
            foreach ((string name, long offset, long rows, long rowBytes) in offsets) sinks.Add(new DirectRowSink(handle, name, offset, rows, rowBytes));
            return new So2SatWriter(path, options, handle, null, sinks);
        }

        private static So2SatWriter CreateChunked(string path, So2SatWriterOptions options, List<(string Name, ulong[] Dims, bool Label)> layout)
        {
            long bytes = 0;
            foreach ((_, ulong[] dims, bool label) in layout)
            {
                long elements = 1;
                foreach (ulong d in dims) elements *= (long)d;
                bytes += elements * (options.Float32 && !label ? 4 : 8);
            }
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (bytes > available / 2)
                throw new ArgumentException(
                    $"Compressed writing keeps the data in memory until Complete (PureHDF 2.2 writes each chunk once, at close): {bytes:N0} bytes is more than half the available {available:N0}. Write uncompressed, which streams to disk.",
                    nameof(options));
            var filters = new List<H5Filter> { ShuffleFilter.Id, DeflateFilter.Id };
            var file = new H5File();
            var datasets = new List<(string Name, ulong[] Dims, object Dataset)>();
            foreach ((string name, ulong[] dims, bool label) in layout)
            {
                uint[] chunks = new uint[dims.Length];
                chunks[0] = (uint)Math.Min(options.ChunkPatches, (long)dims[0]);
                for (int d = 1; d < dims.Length; d++) chunks[d] = (uint)dims[d];
                var creation = new H5DatasetCreation(null!, filters);
                object dataset = options.Float32 && !label
                    ? new H5Dataset<float[]>(fileDims: dims, chunks: chunks, datasetCreation: creation)
                    : new H5Dataset<double[]>(fileDims: dims, chunks: chunks, datasetCreation: creation);
                file[name] = dataset;
                datasets.Add((name, dims, dataset));
            }
            H5NativeWriter writer = file.BeginWrite(path);
            var sinks = new List<RowSink>();
            foreach ((string name, ulong[] dims, object dataset) in datasets)
            {
                int chunkRows = (int)Math.Min(options.ChunkPatches, (long)dims[0]);
                sinks.Add(dataset is H5Dataset<float[]> single
                    ? new ChunkedRowSink<float>(writer, single, name, dims, chunkRows)
                    : new ChunkedRowSink<double>(writer, (H5Dataset<double[]>)dataset, name, dims, chunkRows));
            }
            return new So2SatWriter(path, options, null, writer, sinks);
        }

        private static List<(string, ulong[], bool)> Layout(So2SatWriterOptions o)
        {
            var n = (ulong)o.Count;
            var size = (ulong)o.PatchSize;
            var layout = new List<(string, ulong[], bool)>();
            if (o.Sentinel1Channels > 0) layout.Add((o.Sentinel1Dataset, new[] { n, size, size, (ulong)o.Sentinel1Channels }, false));
            if (o.Sentinel2Channels > 0) layout.Add((o.Sentinel2Dataset, new[] { n, size, size, (ulong)o.Sentinel2Channels }, false));
            layout.Add((o.LabelDataset, new[] { n, (ulong)o.ClassCount }, true));
            return layout;
        }

        private (RowSink Sink, int Channels) Sink(SensorModality sensor)
        {
            ThrowIfClosed();
            (string name, int channels) = sensor switch
            {
                SensorModality.Sentinel2 => (Options.Sentinel2Dataset, Options.Sentinel2Channels),
                SensorModality.Sentinel1 => (Options.Sentinel1Dataset, Options.Sentinel1Channels),
                _ => throw new ArgumentException("Write Sentinel-2 and Sentinel-1 patches separately.", nameof(sensor)),
            };
            if (channels == 0) throw new ArgumentException($"This file has no {sensor} dataset (its channel count is 0).", nameof(sensor));
            return (_sinks[name], channels);
        }

        private static int Count(int length, int perPatch, SensorModality sensor)
        {
            if (length == 0 || length % perPatch != 0)
                throw new ArgumentException($"{length} values are not a whole number of {sensor} patches of {perPatch} values.", nameof(length));
            return length / perPatch;
        }

        private void ToNhwc<T>(ReadOnlySpan<float> nchw, Span<T> nhwc, int rows, int channels) where T : unmanaged, System.Numerics.INumberBase<T>
        {
            int pixels = _pixels;
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> patch = nchw.Slice(r * channels * pixels, channels * pixels);
                Span<T> target = nhwc.Slice(r * channels * pixels, channels * pixels);
                for (int c = 0; c < channels; c++)
                {
                    ReadOnlySpan<float> plane = patch.Slice(c * pixels, pixels);
                    for (int p = 0; p < pixels; p++) target[p * channels + c] = T.CreateTruncating(plane[p]);
                }
            }
        }

        private void ThrowIfClosed()
        {
            if (_closed) throw new ObjectDisposedException(nameof(So2SatWriter), $"{Path} is already completed or closed.");
        }
    }
}
