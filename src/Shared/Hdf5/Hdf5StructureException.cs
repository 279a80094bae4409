using System;

namespace Msmla.Hdf5
{
    /// <summary>
    /// An HDF5 file's structure cannot be followed safely: it is damaged, uses a feature these readers do not support,
    /// holds a link loop, or leads to another file that may not be opened. The message is the problem as a sentence,
    /// without the file name; each library turns it into its own exception naming the file (PatchDataException,
    /// WeightFileException).
    /// </summary>
    internal sealed class Hdf5StructureException : Exception
    {
        public Hdf5StructureException(string problem, Exception? innerException = null)
            : base(problem, innerException)
        {
        }
    }
}
