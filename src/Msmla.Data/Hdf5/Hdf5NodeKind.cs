namespace Msmla.Data.Hdf5
{
    /// <summary>What an HDF5 link points to.</summary>
    internal enum Hdf5NodeKind
    {
        /// <summary>A group.</summary>
        Group,

        /// <summary>A dataset.</summary>
        Dataset,

        /// <summary>A committed datatype or a link that cannot be resolved.</summary>
        Other,
    }
}
