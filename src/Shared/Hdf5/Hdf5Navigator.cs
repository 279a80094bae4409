using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Hdf5
{
    /// <summary>
    /// Follows the links of an HDF5 file with its own reader of the file's group structures, before PureHDF is asked
    /// for anything: PureHDF 2.2 resolves soft links recursively without a depth limit (a soft link loop overflows the
    /// stack and kills the process) and resolves every link of a group when listing it. Paths are resolved the way
    /// PureHDF resolves them, but soft and external links count against <see cref="Hdf5Limits.LinkHops"/>, so a loop
    /// ends in <see cref="Hdf5StructureException"/>; once a path resolves here, PureHDF's own resolution of it ends too.
    /// External links (and, for datasets, external storage and virtual layouts) are refused unless allowed. Not
    /// thread-safe: callers serialise access.
    /// </summary>
    internal sealed class Hdf5Navigator : IDisposable
    {
        private const int MaxExternalFiles = 64;
        private readonly Hdf5Source _source;
        private readonly SafeFileHandle? _ownedHandle;
        private readonly string _refusalHint;
        private readonly Dictionary<ulong, IReadOnlyList<Hdf5HeaderMessage>> _headers = new();
        private readonly Dictionary<ulong, IReadOnlyList<Hdf5Link>> _links = new();
        private readonly Dictionary<string, Hdf5Navigator?> _externals;

        private Hdf5Navigator(string path, Hdf5Source source, SafeFileHandle? ownedHandle, bool allowExternalFiles, string refusalHint,
            Dictionary<string, Hdf5Navigator?> externals)
        {
            FilePath = path;
            Directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            _source = source;
            _ownedHandle = ownedHandle;
            AllowExternalFiles = allowExternalFiles;
            _refusalHint = refusalHint;
            _externals = externals;
        }

        /// <summary>The file's path as given.</summary>
        public string FilePath { get; }

        /// <summary>The file's directory: relative external links are looked for there (give it to PureHDF as the link prefix).</summary>
        public string Directory { get; }

        /// <summary>Whether links to other files, external storage and virtual datasets are followed.</summary>
        public bool AllowExternalFiles { get; }

        /// <summary>The root group.</summary>
        public Hdf5Object Root => new(this, _source.Superblock.RootAddress);

        /// <summary>
        /// Reads the superblock of an open file.
        /// </summary>
        /// <param name="path">The file (for messages and to find external files).</param>
        /// <param name="handle">A handle for positional reads; the caller keeps owning it.</param>
        /// <param name="allowExternalFiles">Whether links into other files may be followed.</param>
        /// <param name="refusalHint">What to do to allow them, appended to the message that refuses one (for example the option to set).</param>
        /// <exception cref="Hdf5StructureException">The file is not HDF5, is truncated or uses a newer superblock.</exception>
        public static Hdf5Navigator Open(string path, SafeFileHandle handle, bool allowExternalFiles, string refusalHint)
        {
            var files = new Dictionary<string, Hdf5Navigator?>();
            var navigator = new Hdf5Navigator(path, new Hdf5Source(handle, Hdf5Superblock.Read(handle)), null, allowExternalFiles, refusalHint, files);
            // Links that lead back into this file reach this navigator (and its objects), so loops across files are seen as loops.
            files[Path.GetFullPath(path)] = navigator;
            return navigator;
        }

        /// <summary>
        /// The object at a path from the root (<c>sen2</c>, <c>/0/sen2</c>, <c>conv2d_1/conv2d_1/kernel:0</c>), or null
        /// when a part of it does not exist, is not a group, or is a dangling link.
        /// </summary>
        /// <exception cref="Hdf5StructureException">The path runs into a link loop, a refused external link or damaged structures.</exception>
        public Hdf5Object? Resolve(string path) => Walk(Root, path, new List<(Hdf5Object, string, string)>());

        /// <summary>What an object is.</summary>
        public static Hdf5ObjectKind KindOf(Hdf5Object item)
        {
            IReadOnlyList<Hdf5HeaderMessage> messages = item.File.Header(item.Address);
            if (Hdf5GroupLinks.IsGroup(messages)) return Hdf5ObjectKind.Group;
            return messages.Any(m => m.Type == Hdf5HeaderMessage.Layout) ? Hdf5ObjectKind.Dataset : Hdf5ObjectKind.Other;
        }

        /// <summary>The links of a group, each resolved (or with the reason it leads nowhere), in the file's order.</summary>
        public static IReadOnlyList<Hdf5Child> Children(Hdf5Object group)
        {
            var children = new List<Hdf5Child>();
            foreach (Hdf5Link link in group.File.Links(group.Address))
            {
                try
                {
                    Hdf5Object? target = Follow(group, link, new List<(Hdf5Object, string, string)>());
                    children.Add(new Hdf5Child(link.Name, link, target, target == null ? $"'{link.Name}' is {link.Describe()} that leads nowhere" : null));
                }
                catch (Hdf5StructureException e)
                {
                    children.Add(new Hdf5Child(link.Name, link, null, e.Message));
                }
            }
            return children;
        }

        /// <summary>How a dataset's values are stored.</summary>
        public static Hdf5DatasetStorage Storage(Hdf5Object dataset)
        {
            Hdf5Navigator file = dataset.File;
            IReadOnlyList<Hdf5HeaderMessage> messages = file.Header(dataset.Address);
            ulong? committed = Hdf5DatasetStorage.CommittedTypeAddress(file._source, messages);
            return Hdf5DatasetStorage.Read(file._source, messages, committed is ulong address ? file.Header(address) : null);
        }

        public void Dispose()
        {
            _ownedHandle?.Dispose();
            if (_ownedHandle != null) return;
            foreach (Hdf5Navigator? external in _externals.Values)
            {
                if (external != this) external?.Dispose();
            }
            _externals.Clear();
        }

        private static Hdf5Object? Walk(Hdf5Object start, string path, List<(Hdf5Object Group, string Name, string Step)> trail)
        {
            Hdf5Navigator file = start.File;
            if (path == "/") return file.Root;
            bool rooted = path.StartsWith('/');
            string[] segments = rooted ? path.Split('/').Skip(1).ToArray() : path.Split('/');
            if (segments.Length > Hdf5Limits.Depth)
                throw new Hdf5StructureException($"the path '{path}' has more than {Hdf5Limits.Depth} parts.");
            Hdf5Object current = rooted ? file.Root : start;
            foreach (string segment in segments)
            {
                if (KindOf(current) != Hdf5ObjectKind.Group) return null;
                Hdf5Link? link = current.File.Links(current.Address).FirstOrDefault(l => l.Name == segment);
                if (link == null) return null;
                Hdf5Object? next = Follow(current, link, trail);
                if (next == null) return null;
                current = next.Value;
            }
            return current;
        }

        private static Hdf5Object? Follow(Hdf5Object group, Hdf5Link link, List<(Hdf5Object Group, string Name, string Step)> trail)
        {
            Hdf5Navigator file = group.File;
            switch (link.Kind)
            {
                case Hdf5LinkKind.Hard:
                    return new Hdf5Object(file, link.Address);
                case Hdf5LinkKind.Soft:
                    Hop(trail, group, link.Name, $"{link.Name} -> {link.Target}");
                    return Walk(group, link.Target!, trail);
                case Hdf5LinkKind.External:
                    if (!file.AllowExternalFiles)
                        throw new Hdf5StructureException($"'{link.Name}' is {link.Describe()}; links to other files are not followed{file._refusalHint}.");
                    Hop(trail, group, link.Name, $"{link.Name} -> {link.TargetFile}:{link.Target}");
                    Hdf5Navigator? other = file.OpenExternal(link.TargetFile!);
                    return other == null ? null : Walk(other.Root, link.Target!, trail);
                default:
                    throw new Hdf5StructureException($"'{link.Name}' is {link.Describe()}, which these readers do not follow.");
            }
        }

        /// <summary>
        /// Records one soft or external link followed (the link <paramref name="name"/> of <paramref name="group"/>, shown as
        /// <paramref name="step"/>); throws when it was followed before on this path (a loop) or after more than
        /// <see cref="Hdf5Limits.LinkHops"/> links.
        /// </summary>
        private static void Hop(List<(Hdf5Object Group, string Name, string Step)> trail, Hdf5Object group, string name, string step)
        {
            int repeat = trail.FindIndex(t => t.Group == group && t.Name == name);
            trail.Add((group, name, step));
            if (repeat >= 0)
                throw new Hdf5StructureException(
                    $"the soft or external links {string.Join(", ", trail.Skip(repeat).Take(6).Select(t => t.Step))} lead back to where they started: they form a loop.");
            if (trail.Count > Hdf5Limits.LinkHops)
                throw new Hdf5StructureException(
                    $"the links {string.Join(", ", trail.Take(3).Select(t => t.Step))}, ... form a chain of more than {Hdf5Limits.LinkHops} soft or external links, " +
                    "more than HDF5 follows.");
        }

        private IReadOnlyList<Hdf5HeaderMessage> Header(ulong address)
        {
            if (!_headers.TryGetValue(address, out IReadOnlyList<Hdf5HeaderMessage>? messages))
            {
                messages = Hdf5ObjectHeader.Read(_source, address);
                _headers[address] = messages;
            }
            return messages;
        }

        private IReadOnlyList<Hdf5Link> Links(ulong address)
        {
            if (!_links.TryGetValue(address, out IReadOnlyList<Hdf5Link>? links))
            {
                links = Hdf5GroupLinks.Read(_source, Header(address));
                _links[address] = links;
            }
            return links;
        }

        /// <summary>
        /// Opens the file an external link names, looking where PureHDF looks when given <see cref="Directory"/> as the
        /// link prefix: an absolute path as is, then the directories of HDF5_EXT_PREFIX, then this file's directory, then
        /// the working directory. Null when there is no such file.
        /// </summary>
        private Hdf5Navigator? OpenExternal(string name)
        {
            string? found = FindExternal(name);
            if (found == null) return null;
            string key = Path.GetFullPath(found);
            if (_externals.TryGetValue(key, out Hdf5Navigator? known)) return known;
            if (_externals.Count > MaxExternalFiles)
                throw new Hdf5StructureException($"its external links lead to more than {MaxExternalFiles} files.");
            SafeFileHandle handle = File.OpenHandle(key, FileMode.Open, FileAccess.Read, FileShare.Read);
            try
            {
                var navigator = new Hdf5Navigator(key, new Hdf5Source(handle, Hdf5Superblock.Read(handle)), handle, true, _refusalHint, _externals);
                _externals[key] = navigator;
                return navigator;
            }
            catch (Hdf5StructureException e)
            {
                handle.Dispose();
                throw new Hdf5StructureException($"an external link leads to {key}, where {e.Message}", e);
            }
        }

        private string? FindExternal(string name)
        {
            if (Path.IsPathRooted(name))
            {
                if (File.Exists(name)) return name;
                name = Path.GetFileName(name);
            }
            var places = new List<string>();
            string? prefixes = Environment.GetEnvironmentVariable("HDF5_EXT_PREFIX");
            if (prefixes != null) places.AddRange(prefixes.Split(Path.PathSeparator).Select(p => Path.Combine(p, name)));
            places.Add(Path.Combine(Directory, name));
            places.Add(name);
            return places.FirstOrDefault(File.Exists);
        }
    }
}
