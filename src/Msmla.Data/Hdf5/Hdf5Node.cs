using System.Collections.Generic;

namespace Msmla.Data.Hdf5
{
    /// <summary>A group or dataset of an HDF5 file, with its attributes and (for groups) its children.</summary>
    /// <param name="Path">The absolute path, <c>/</c> for the root.</param>
    /// <param name="Kind">Group, dataset or other.</param>
    /// <param name="Shape">A dataset's dimensions; null for groups.</param>
    /// <param name="ElementType">A dataset's element type (for example <c>float32</c>); null for groups.</param>
    /// <param name="Attributes">The attributes, in the file's order.</param>
    /// <param name="Children">A group's links, in the file's order; empty for datasets.</param>
    internal sealed record Hdf5Node(string Path, Hdf5NodeKind Kind, IReadOnlyList<ulong>? Shape, string? ElementType,
        IReadOnlyList<Hdf5Attribute> Attributes, IReadOnlyList<Hdf5Node> Children)
    {
        /// <summary>The last part of the path.</summary>
        public string Name => Path == "/" ? "/" : Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>This node and all below it, depth first.</summary>
        public IEnumerable<Hdf5Node> Descendants()
        {
            yield return this;
            foreach (Hdf5Node child in Children)
            {
                foreach (Hdf5Node node in child.Descendants()) yield return node;
            }
        }
    }
}
