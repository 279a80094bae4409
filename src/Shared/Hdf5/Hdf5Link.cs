namespace Msmla.Hdf5
{
    /// <summary>What kind of link a group entry is.</summary>
    internal enum Hdf5LinkKind
    {
        /// <summary>A hard link: the object header's address.</summary>
        Hard,

        /// <summary>A soft link: a path in the same file, resolved when used.</summary>
        Soft,

        /// <summary>An external link: a path in another file.</summary>
        External,

        /// <summary>A user-defined link type, which these readers do not follow.</summary>
        Other,
    }

    /// <summary>One link of a group, as stored (soft and external links are not resolved).</summary>
    /// <param name="Name">The link name.</param>
    /// <param name="Kind">Hard, soft, external or other.</param>
    /// <param name="Address">A hard link's object header address; 0 for the others.</param>
    /// <param name="Target">A soft link's path, or an external link's path inside its file.</param>
    /// <param name="TargetFile">An external link's file name as stored.</param>
    /// <param name="LinkType">The HDF5 link type number (0 hard, 1 soft, 64 external, 65 and above user-defined).</param>
    internal sealed record Hdf5Link(string Name, Hdf5LinkKind Kind, ulong Address, string? Target = null, string? TargetFile = null, int LinkType = 0)
    {
        /// <summary>The link as text for messages: <c>'x' (soft link to '/y')</c>.</summary>
        public string Describe() => Kind switch
        {
            Hdf5LinkKind.Soft => $"a soft link to '{Target}'",
            Hdf5LinkKind.External => $"an external link to '{Target}' in the file '{TargetFile}'",
            Hdf5LinkKind.Other => $"a link of user-defined type {LinkType}",
            _ => $"a hard link to the object at address {Address:N0}",
        };
    }
}
