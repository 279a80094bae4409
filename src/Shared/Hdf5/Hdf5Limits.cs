namespace Msmla.Hdf5
{
    /// <summary>
    /// Bounds on what a file's structure may ask of a reader, so that a crafted file ends in an error instead of
    /// endless recursion or an allocation of its choosing. Real files stay far below them.
    /// </summary>
    internal static class Hdf5Limits
    {
        /// <summary>Soft and external links followed for one path (the HDF5 library's default, H5L_NUM_LINKS).</summary>
        public const int LinkHops = 16;

        /// <summary>Groups nested along one path or one traversal.</summary>
        public const int Depth = 64;

        /// <summary>Links in one group.</summary>
        public const int LinksPerGroup = 1 << 20;

        /// <summary>Objects visited by one traversal of a file (listing what it holds).</summary>
        public const int TraversedObjects = 1 << 16;

        /// <summary>Chunks (the first and its continuations) of one object header.</summary>
        public const int HeaderChunks = 1024;

        /// <summary>Bytes of one structure block (header chunk, heap, B-tree node) read at once.</summary>
        public const long BlockBytes = 64L << 20;

        /// <summary>Levels of a B-tree (group symbol tables, link name indexes) or of a fractal heap's indirect blocks.</summary>
        public const int TreeDepth = 32;
    }
}
