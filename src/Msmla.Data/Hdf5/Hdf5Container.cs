using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;
using PureHDF;
using PureHDF.VOL.Native;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// An open HDF5 file: PureHDF for its structure (and for reading layouts the direct path does not
    /// handle), plus a positional-read handle for fast direct reads of contiguous datasets. PureHDF
    /// calls go through <see cref="Sync"/> (the structure is navigated through one shared stream).
    /// </summary>
    internal sealed class Hdf5Container : IDisposable
    {
        private readonly RecordingStream _stream;
        private bool _disposed;

        private Hdf5Container(string path, SafeFileHandle handle, RecordingStream stream, NativeFile file)
        {
            Path = path;
            Handle = handle;
            _stream = stream;
            File = file;
            Length = RandomAccess.GetLength(handle);
        }

        /// <summary>The file's path as given.</summary>
        public string Path { get; }

        /// <summary>A handle for positional reads (thread-safe).</summary>
        public SafeFileHandle Handle { get; }

        /// <summary>The file's root group, as PureHDF sees it.</summary>
        public NativeFile File { get; }

        /// <summary>The file length in bytes.</summary>
        public long Length { get; }

        /// <summary>Taken around every PureHDF call.</summary>
        public object Sync { get; } = new();

        internal RecordingStream Recorder => _stream;

        /// <summary>Opens a file, failing with <see cref="PatchDataException"/> when it is missing, not HDF5 or truncated.</summary>
        public static Hdf5Container Open(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (!System.IO.File.Exists(path))
                throw new FileNotFoundException($"{path}: the file does not exist.", path);
            SafeFileHandle? handle = null;
            RecordingStream? stream = null;
            try
            {
                handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.None);
                Hdf5Superblock.Validate(path, handle);
                stream = new RecordingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024));
                NativeFile file;
                try
                {
                    file = H5File.Open(stream, leaveOpen: true);
                }
                catch (Exception e) when (e is not PatchDataException)
                {
                    throw new PatchDataException(path, null, $"the HDF5 structure cannot be read ({e.Message}); the file is damaged or truncated.", e);
                }
                return new Hdf5Container(path, handle, stream, file);
            }
            catch
            {
                stream?.Dispose();
                handle?.Dispose();
                throw;
            }
        }

        /// <summary>The dataset at a slash-separated path, or null when there is none.</summary>
        public NativeDataset? FindDataset(string datasetPath)
        {
            lock (Sync)
            {
                return Find(datasetPath) as NativeDataset;
            }
        }

        /// <summary>The group at a slash-separated path, or null when there is none.</summary>
        public NativeGroup? FindGroup(string groupPath)
        {
            lock (Sync)
            {
                return groupPath.Trim('/').Length == 0 ? File : Find(groupPath) as NativeGroup;
            }
        }

        /// <summary>The dataset at a path; throws <see cref="PatchDataException"/> naming what the file holds when it is missing.</summary>
        public NativeDataset RequireDataset(string datasetPath, string role)
        {
            NativeDataset? dataset = FindDataset(datasetPath);
            if (dataset != null) return dataset;
            throw new PatchDataException(Path, datasetPath,
                $"the {role} dataset is missing; the file holds {DescribeDatasets()}.");
        }

        /// <summary>The names of the links in a group, in the file's order.</summary>
        public IReadOnlyList<string> ChildNames(NativeGroup group)
        {
            lock (Sync)
            {
                return group.Children().Select(c => c.Name).ToArray();
            }
        }

        /// <summary>A short listing of the datasets in the file (path and shape), for error messages.</summary>
        public string DescribeDatasets(int limit = 12)
        {
            var found = new List<string>();
            lock (Sync)
            {
                try
                {
                    Collect(File, "", found, limit + 1);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    found.Add($"(listing stopped: {e.Message})");
                }
            }
            if (found.Count == 0) return "no datasets";
            string list = string.Join(", ", found.Take(limit));
            return found.Count > limit ? $"{list}, ..." : list;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            lock (Sync)
            {
                File.Dispose();
                _stream.Dispose();
            }
            Handle.Dispose();
        }

        private IH5Object? Find(string datasetPath)
        {
            IH5Object current = File;
            foreach (string segment in datasetPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (current is not IH5Group group || !group.LinkExists(segment)) return null;
                current = group.Get(segment);
            }
            return current;
        }

        private static void Collect(IH5Group group, string prefix, List<string> found, int limit)
        {
            foreach (IH5Object child in group.Children())
            {
                if (found.Count >= limit) return;
                string path = prefix + child.Name;
                if (child is IH5Dataset dataset)
                    found.Add($"'{path}' {string.Join("x", dataset.Space.Dimensions)} {StorageTypes.Describe(dataset.Type)}");
                else if (child is IH5Group sub)
                    Collect(sub, path + "/", found, limit);
            }
        }
    }
}
