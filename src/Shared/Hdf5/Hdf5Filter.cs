using System.Collections.Generic;

namespace Msmla.Hdf5
{
    /// <summary>A filter of a dataset's filter pipeline (compression, shuffling, checksums).</summary>
    /// <param name="Id">The registered HDF5 filter number (1 deflate, 2 shuffle, 32000 LZF, ...).</param>
    /// <param name="Name">The name stored in the file, or the registered name of well-known filters.</param>
    internal sealed record Hdf5Filter(int Id, string Name)
    {
        /// <summary>The filters PureHDF 2.2 decodes without registering anything.</summary>
        public static IReadOnlySet<int> BuiltIn { get; } = new HashSet<int> { 1, 2, 3, 5, 6 };

        /// <summary>Names of filters one meets in HDF5 files (The HDF Group's registry).</summary>
        public static string KnownName(int id) => id switch
        {
            1 => "deflate (gzip)",
            2 => "shuffle",
            3 => "Fletcher-32 checksum",
            4 => "SZIP",
            5 => "N-bit",
            6 => "scale-offset",
            307 => "bzip2",
            32000 => "LZF",
            32001 => "Blosc",
            32004 => "LZ4",
            32008 => "bitshuffle",
            32013 => "ZFP",
            32015 => "Zstandard",
            32017 => "SZ",
            _ => "unregistered",
        };

        /// <summary>The filter as text: <c>LZF (HDF5 filter 32000)</c>.</summary>
        public override string ToString() => $"{Name} (HDF5 filter {Id})";
    }
}
