using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;
using Msmla.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// An open HDF5 file: its structure is navigated with <see cref="Hdf5Navigator"/> (which refuses link loops and,
    /// unless allowed, links into other files), PureHDF reads the objects the navigator has resolved (and the layouts
    /// the direct path does not handle), and a positional-read handle serves fast direct reads of contiguous datasets.
    /// PureHDF and navigator calls go through <see cref="Sync"/> (the structure is navigated through one shared stream).
    /// </summary>
    internal sealed class Hdf5Container : IDisposable
    {
        private readonly RecordingStream _stream;
        private readonly Hdf5Navigator _navigator;
        private bool _disposed;

        private Hdf5Container(string path, SafeFileHandle handle, RecordingStream stream, NativeFile file, Hdf5Navigator navigator)
        {
            Path = path;
            Handle = handle;
            _stream = stream;
            File = file;
            _navigator = navigator;
            Length = RandomAccess.GetLength(handle);
            LinkAccess = new H5LinkAccess(navigator.Directory);
        }

        /// <summary>The file's path as given.</summary>
        public string Path { get; }

        /// <summary>A handle for positional reads (thread-safe).</summary>
        public SafeFileHandle Handle { get; }

        /// <summary>The file's root group, as PureHDF sees it.</summary>
        public NativeFile File { get; }

        /// <summary>The file length in bytes.</summary>
        public long Length { get; }

        /// <summary>Whether links into other files, external storage and virtual datasets may be followed.</summary>
        public bool AllowExternalFiles => _navigator.AllowExternalFiles;

        /// <summary>Taken around every PureHDF call.</summary>
        public object Sync { get; } = new();

        /// <summary>How PureHDF resolves external links (relative to the file's directory, as the HDF5 library does).</summary>
        public H5LinkAccess LinkAccess { get; }

        internal RecordingStream Recorder => _stream;

        /// <summary>The navigator that resolves links before PureHDF sees them (use under <see cref="Sync"/>).</summary>
        internal Hdf5Navigator Navigator => _navigator;

        /// <summary>Opens a file, failing with <see cref="PatchDataException"/> when it is missing, not HDF5 or truncated.</summary>
        /// <param name="path">The file.</param>
        /// <param name="allowExternalFiles">Follow links into other files (and read external storage and virtual datasets).</param>
        /// <param name="refusalHint">What allows them, for the message that refuses one, for example ": set So2SatReadOptions.AllowExternalFiles to follow them".</param>
        public static Hdf5Container Open(string path, bool allowExternalFiles = false, string refusalHint = "")
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (Directory.Exists(path))
                throw new PatchDataException(path, null, "this is a directory, not an HDF5 file.");
            if (!System.IO.File.Exists(path))
                throw new FileNotFoundException($"{path}: the file does not exist.", path);
            SafeFileHandle? handle = null;
            RecordingStream? stream = null;
            try
            {
                handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.None);
                Hdf5Navigator navigator;
                try
                {
                    navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles, refusalHint);
                }
                catch (Hdf5StructureException e)
                {
                    throw new PatchDataException(path, null, e.Message, e);
                }
                stream = new RecordingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024));
                NativeFile file;
                try
                {
                    file = H5File.Open(stream, leaveOpen: true);
                }
                catch (Exception e) when (e is not PatchDataException and not OutOfMemoryException)
                {
                    throw new PatchDataException(path, null, Hdf5Failure.Explain("the HDF5 structure", e), e);
                }
                return new Hdf5Container(path, handle, stream, file, navigator);
            }
            catch
            {
                stream?.Dispose();
                handle?.Dispose();
                throw;
            }
        }

        /// <summary>The dataset at a slash-separated path, or null when there is none.</summary>
        /// <exception cref="PatchDataException">The path runs into a link loop, a refused external link or damaged structures.</exception>
        public NativeDataset? FindDataset(string datasetPath) => Find(datasetPath, Hdf5ObjectKind.Dataset) as NativeDataset;

        /// <summary>The group at a slash-separated path, or null when there is none.</summary>
        /// <exception cref="PatchDataException">The path runs into a link loop, a refused external link or damaged structures.</exception>
        public NativeGroup? FindGroup(string groupPath) =>
            groupPath.Trim('/').Length == 0 ? File : Find(groupPath, Hdf5ObjectKind.Group) as NativeGroup;

        /// <summary>The dataset at a path; throws <see cref="PatchDataException"/> naming what the file holds when it is missing.</summary>
        public NativeDataset RequireDataset(string datasetPath, string role)
        {
            NativeDataset? dataset = FindDataset(datasetPath);
            if (dataset != null) return dataset;
            throw new PatchDataException(Path, datasetPath,
                $"the {role} dataset is missing; the file holds {DescribeDatasets()}.");
        }

        /// <summary>How the values of the dataset at a path (which must exist) are stored.</summary>
        public Hdf5DatasetStorage Storage(string datasetPath)
        {
            lock (Sync)
            {
                try
                {
                    Hdf5Object dataset = _navigator.Resolve(datasetPath)
                        ?? throw new InvalidOperationException($"'{datasetPath}' was resolved before but is gone.");
                    return Hdf5Navigator.Storage(dataset);
                }
                catch (Hdf5StructureException e)
                {
                    throw new PatchDataException(Path, datasetPath, e.Message, e);
                }
            }
        }

        /// <summary>The names of the links in a group (the root for an empty path), in the file's order.</summary>
        public IReadOnlyList<string> ChildNames(string groupPath)
        {
            lock (Sync)
            {
                try
                {
                    Hdf5Object? group = groupPath.Trim('/').Length == 0 ? _navigator.Root : _navigator.Resolve(groupPath);
                    if (group is not Hdf5Object found || Hdf5Navigator.KindOf(found) != Hdf5ObjectKind.Group) return Array.Empty<string>();
                    return Hdf5Navigator.Children(found).Select(c => c.Name).ToArray();
                }
                catch (Hdf5StructureException e)
                {
                    throw new PatchDataException(Path, groupPath, e.Message, e);
                }
            }
        }

        /// <summary>
        /// A short listing of the datasets in the file (path, shape and type), for error messages. Each object is listed
        /// once, groups are entered once (hard-link cycles end there) and to a bounded depth; links that lead nowhere are
        /// named with the reason.
        /// </summary>
        public string DescribeDatasets(int limit = 12)
        {
            var found = new List<string>();
            lock (Sync)
            {
                try
                {
                    Collect(_navigator.Root, "", found, limit + 1, new HashSet<Hdf5Object>(), 0);
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
                _navigator.Dispose();
            }
            Handle.Dispose();
        }

        /// <summary>Resolves a path with the navigator, then asks PureHDF for the object (whose resolution then ends too).</summary>
        private IH5Object? Find(string objectPath, Hdf5ObjectKind kind)
        {
            lock (Sync)
            {
                try
                {
                    if (_navigator.Resolve(objectPath) is not Hdf5Object target || Hdf5Navigator.KindOf(target) != kind) return null;
                }
                catch (Hdf5StructureException e)
                {
                    throw new PatchDataException(Path, objectPath, e.Message, e);
                }
                try
                {
                    return File.Get("/" + objectPath.TrimStart('/'), LinkAccess);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new PatchDataException(Path, objectPath, Hdf5Failure.Explain("the object", e), e);
                }
            }
        }

        private void Collect(Hdf5Object group, string prefix, List<string> found, int limit, HashSet<Hdf5Object> entered, int depth)
        {
            if (!entered.Add(group) || depth > Hdf5Limits.Depth || entered.Count > Hdf5Limits.TraversedObjects) return;
            foreach (Hdf5Child child in Hdf5Navigator.Children(group))
            {
                if (found.Count >= limit) return;
                string path = prefix + child.Name;
                if (child.Target is not Hdf5Object target)
                {
                    found.Add($"'{path}' ({child.Problem})");
                    continue;
                }
                switch (Hdf5Navigator.KindOf(target))
                {
                    case Hdf5ObjectKind.Dataset:
                        found.Add(DescribeDataset(path));
                        break;
                    case Hdf5ObjectKind.Group when child.Link.Kind == Hdf5LinkKind.Hard:
                        Collect(target, path + "/", found, limit, entered, depth + 1);
                        break;
                }
            }
        }

        private string DescribeDataset(string path)
        {
            try
            {
                var dataset = (IH5Dataset)File.Get("/" + path, LinkAccess);
                return $"'{path}' {string.Join("x", dataset.Space.Dimensions)} {StorageTypes.Describe(dataset.Type)}";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $"'{path}' (unreadable: {e.Message})";
            }
        }
    }
}
