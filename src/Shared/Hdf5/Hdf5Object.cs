namespace Msmla.Hdf5
{
    /// <summary>What an object of an HDF5 file is.</summary>
    internal enum Hdf5ObjectKind
    {
        Group,
        Dataset,

        /// <summary>A committed datatype, or a header of no kind these readers know.</summary>
        Other,
    }

    /// <summary>An object of an HDF5 file (of the navigator's file or of a file an external link leads to), by header address.</summary>
    internal readonly record struct Hdf5Object(Hdf5Navigator File, ulong Address);

    /// <summary>One link of a group and what it resolves to.</summary>
    /// <param name="Name">The link name.</param>
    /// <param name="Link">The link as stored.</param>
    /// <param name="Target">The object it leads to; null when it leads nowhere (see <paramref name="Problem"/>).</param>
    /// <param name="Problem">Why it leads nowhere (dangling, a loop, another file that may not be opened), or null.</param>
    internal sealed record Hdf5Child(string Name, Hdf5Link Link, Hdf5Object? Target, string? Problem);
}
